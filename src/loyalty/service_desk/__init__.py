"""Notes staff leave on a member, and service cases (complaints, questions) opened, assigned,
commented and closed."""
