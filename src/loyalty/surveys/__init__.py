"""Surveys, quizzes and product reviews: questions built in the panel, answered in the member app
or from a signed link in a message; answers stored, mapped to profile attributes only with the
member's profiling consent, points paid once; members' product reviews under moderation."""
