"""The UTM tags a tracked link carries to the shop: what the browsing domain's "brought back"
table groups by."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

from loyalty.messaging.domain import utm_campaign_of, with_utm


def test_a_campaigns_or_a_journeys_message_names_it_and_other_messages_name_their_template() -> None:
    assert utm_campaign_of(source="campaign:12", template_key="spring") == "campaign-12"
    assert utm_campaign_of(source="journey:3", template_key="welcome") == "journey-3"
    assert utm_campaign_of(source="lifecycle:birthday", template_key="birthday") == "birthday"
    assert utm_campaign_of(source="campaign:", template_key="spring") == "spring"


def test_the_tags_are_added_after_the_links_own_parameters_and_its_fragment_is_kept() -> None:
    tagged = with_utm("https://shop.example/a?ref=mail#top", medium="email", campaign="campaign-12")
    parts = urlsplit(tagged)
    assert parse_qsl(parts.query) == [("ref", "mail"), ("utm_source", "loyalty"), ("utm_medium", "email"),
                                      ("utm_campaign", "campaign-12")]
    assert parts.fragment == "top" and parts.path == "/a"
    assert with_utm("https://shop.example", medium="sms", campaign="x b") == (
        "https://shop.example?utm_source=loyalty&utm_medium=sms&utm_campaign=x+b")


def test_a_link_the_owner_tagged_is_left_as_written_and_a_partial_tagging_is_completed() -> None:
    own = "https://shop.example/?utm_campaign=summer&utm_source=newsletter"
    assert with_utm(own, medium="email", campaign="campaign-1") == own
    partial = with_utm("https://shop.example/?utm_source=newsletter", medium="email", campaign="campaign-1")
    assert parse_qsl(urlsplit(partial).query) == [("utm_source", "newsletter"), ("utm_medium", "email"),
                                                  ("utm_campaign", "campaign-1")]
