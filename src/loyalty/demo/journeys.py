"""The demo's journeys, their message templates and the coupon campaigns they hand out.

From a real product-lifecycle path: after a first purchase, a welcome e-mail asking for an
opinion and the preferred channel (a short survey); 7 days later content matched to what was
bought, on the channel the member chose; whoever clicked the accessories link in it gets a
discount on accessories. The survey's answers (a `custom_event.received` of type
`survey.answered`, posted by the survey page) become profile attributes. Also: the gift buyer
(an e-shop order shipped to another address, posted as `order.shipped_as_gift`), the birthday
coupon, the win-back after inactivity and the points-expiry reminder (`member.birthday`,
`member.lapsed` and `points.expiring_soon` come from the worker's scheduled scans).

Everything goes through the services: templates through messaging, campaigns and codes
through vouchers, journeys through journeys (created, then activated).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from loyalty.journeys import service as journeys
from loyalty.journeys.schemas import JourneyCreate
from loyalty.messaging import service as messaging
from loyalty.messaging.schemas import TemplateVersionWrite, TemplateWrite
from loyalty.programs.models import Program
from loyalty.vouchers import service as vouchers
from loyalty.vouchers.domain import build_pattern
from loyalty.vouchers.schemas import CampaignCreate

ACTOR = "demo"
SHOP = "https://shop.example"
ACCESSORIES_CATEGORY = "household"  # mugs, grinders, filters: the coffee corner's accessories
CODES_PER_CAMPAIGN = 300

CAMPAIGNS: dict[str, tuple[dict[str, Any], str]] = {
    "accessories": ({"name": "Journey: 20% off accessories", "kind": "percent", "percent": "20",
                     "description": "20% rabatu na akcesoria (kubki, młynki, filtry).",
                     "line_condition": {"field": "line.category", "op": "eq", "value": ACCESSORIES_CATEGORY},
                     "max_uses_per_code": 1}, "AKC-####-####"),
    "birthday": ({"name": "Journey: birthday 15 PLN off", "kind": "fixed_amount", "amount": 1_500,
                  "description": "Urodzinowe 15 zł rabatu.", "max_uses_per_code": 1}, "URO-####-####"),
}


def _text(subject: str, body: str) -> TemplateVersionWrite:
    html = "".join(f"<p>{paragraph}</p>" for paragraph in body.split("\n\n"))
    return TemplateVersionWrite(subject=subject, html_body=html, text_body=body)


# key -> channel -> language -> (subject, body). Bodies are Jinja (sandboxed): the member's
# variables, `journey`, `entry` (the entry event's payload) and `referral_code`.
TEMPLATES: dict[str, dict[str, dict[str, tuple[str, str]]]] = {
    "journey_welcome_opinion": {"email": {
        "pl": ("Dziękujemy za pierwsze zakupy, {{ first_name }}!",
               "Cieszymy się, że jesteś z nami. Jak Ci się podobało? Powiedz nam w dwóch pytaniach i wybierz, "
               "jak mamy się z Tobą kontaktować: {{ link('survey', 'https://shop.example/ankieta') }}"),
        "en": ("Thank you for your first purchase, {{ first_name }}!",
               "We are glad to have you. How was it? Tell us in two questions and choose how we should reach "
               "you: {{ link('survey', 'https://shop.example/survey') }}"),
    }},
    "journey_product_content": {channel: {
        "pl": ("Jak smakuje?",
               "{% if 'coffee' in entry.categories %}Kilka sposobów na jeszcze lepszą kawę w domu."
               "{% elif 'bakery' in entry.categories %}Świeże pieczywo najlepiej smakuje tak...{% else %}"
               "Pomysły na to, co kupiłeś.{% endif %} Akcesoria: {{ link('accessories', "
               "'https://shop.example/akcesoria') }}"),
        "en": ("How do you like it?",
               "{% if 'coffee' in entry.categories %}A few ways to make even better coffee at home."
               "{% elif 'bakery' in entry.categories %}Fresh bread tastes best like this...{% else %}"
               "Ideas for what you bought.{% endif %} Accessories: {{ link('accessories', "
               "'https://shop.example/accessories') }}"),
    } for channel in ("email", "sms", "push", "inbox")},
    "journey_accessories_discount": {"email": {
        "pl": ("20% rabatu na akcesoria", "Widzieliśmy, że zajrzałeś do akcesoriów. Twój kod czeka w portfelu."),
        "en": ("20% off accessories", "You had a look at the accessories. Your code is waiting in your wallet."),
    }},
    "journey_gift_thanks": {"email": {
        "pl": ("Dziękujemy za prezent!",
               "Paczka jest w drodze do obdarowanego. Dołączyliśmy do niej zaproszenie z Twoim kodem "
               "{{ referral_code }}: za jego pierwsze zakupy oboje dostaniecie punkty."),
        "en": ("Thank you for your gift!",
               "The parcel is on its way. We put in an invitation with your code {{ referral_code }}: when the "
               "recipient makes a first purchase, you both earn points."),
    }},
    "journey_birthday": {"email": {
        "pl": ("Wszystkiego najlepszego, {{ first_name }}!", "Na urodziny: 15 zł rabatu. Kod jest w Twoim portfelu."),
        "en": ("Happy birthday, {{ first_name }}!", "For your birthday: 15 PLN off. The code is in your wallet."),
    }},
    "journey_winback": {"email": {
        "pl": ("Tęsknimy, {{ first_name }}", "Dawno Cię nie było. Masz {{ balance }} punktów do wykorzystania."),
        "en": ("We miss you, {{ first_name }}", "It has been a while. You have {{ balance }} points to spend."),
    }},
    "journey_winback_bonus": {"email": {
        "pl": ("100 punktów na powrót", "Dodaliśmy Ci 100 punktów. Do zobaczenia!"),
        "en": ("100 points to come back", "We added 100 points to your account. See you soon!"),
    }},
    "journey_points_expiring": {"email": {
        "pl": ("Twoje punkty wkrótce wygasną", "Część Twoich punktów wkrótce wygaśnie. Wymień je na nagrodę."),
        "en": ("Your points expire soon", "Some of your points expire soon. Spend them on a reward."),
    }},
}


def _survey_answered(extra: dict[str, Any] | None = None) -> dict[str, Any]:
    condition: dict[str, Any] = {"field": "event.payload.type", "op": "eq", "value": "survey.answered"}
    return condition if extra is None else {"all": [condition, extra]}


def journey_graphs(campaign_ids: dict[str, int]) -> dict[str, dict[str, Any]]:
    """The demo's journeys by name, in the JSON format of docs/journeys.md."""
    return {
        "After the first purchase": {
            "entry": {"type": "event", "event_type": "purchase.recorded"},
            "reentry": {"policy": "never"},  # a member enters once: on their first purchase
            "start": "welcome",
            "steps": [
                {"id": "welcome", "label": "Welcome, opinion and channel", "type": "send_message",
                 "channel": "email", "template_key": "journey_welcome_opinion", "next": "week"},
                {"id": "week", "type": "wait", "duration": {"days": 7}, "next": "content"},
                {"id": "content", "label": "Content matched to the product", "type": "send_message",
                 "channel": "email", "channel_attribute": "preferred_channel",
                 "template_key": "journey_product_content", "next": "three_days"},
                {"id": "three_days", "type": "wait", "duration": {"days": 3}, "next": "clicked"},
                {"id": "clicked", "label": "Clicked the accessories?", "type": "branch",
                 "condition": {"field": "engagement.content.clicked", "op": "contains", "value": "accessories"},
                 "exits": {"yes": "discount", "no": None}},
                {"id": "discount", "type": "issue_coupon", "voucher_campaign_id": campaign_ids["accessories"],
                 "next": "tell"},
                {"id": "tell", "type": "send_message", "channel": "email",
                 "template_key": "journey_accessories_discount"},
            ],
        },
        "Survey answers to the profile": {
            "entry": {"type": "event", "event_type": "custom_event.received", "condition": _survey_answered()},
            "reentry": {"policy": "always"},
            "start": "channel",
            "steps": [
                {"id": "channel", "type": "set_attribute", "name": "preferred_channel",
                 "value_from": "entry.payload.payload.preferred_channel", "next": "opinion"},
                {"id": "opinion", "type": "set_attribute", "name": "opinion",
                 "value_from": "entry.payload.payload.opinion", "next": "surveyed"},
                {"id": "surveyed", "type": "tag", "tag": "surveyed"},
            ],
        },
        "Gift buyer": {
            "entry": {"type": "event", "event_type": "custom_event.received",
                      "condition": {"field": "event.payload.type", "op": "eq", "value": "order.shipped_as_gift"}},
            "reentry": {"policy": "always"},
            "start": "thanks",
            "steps": [
                {"id": "thanks", "type": "send_message", "channel": "email", "template_key": "journey_gift_thanks",
                 "next": "invite"},
                {"id": "invite", "label": "Sign-up code for the recipient", "type": "call_webhook",
                 "payload": {"action": "invite_gift_recipient"}, "next": "gift_buyer"},
                {"id": "gift_buyer", "type": "tag", "tag": "gift-buyer"},
            ],
        },
        "Birthday coupon": {
            "entry": {"type": "event", "event_type": "member.birthday"},
            "reentry": {"policy": "after_days", "days": 300},
            "start": "coupon",
            "steps": [
                {"id": "coupon", "type": "issue_coupon", "voucher_campaign_id": campaign_ids["birthday"],
                 "next": "wish"},
                {"id": "wish", "type": "send_message", "channel": "email", "template_key": "journey_birthday"},
            ],
        },
        "Win-back": {
            "entry": {"type": "event", "event_type": "member.lapsed"},
            "reentry": {"policy": "after_days", "days": 90},
            "goal": {"event_type": "purchase.recorded"},
            "start": "miss_you",
            "steps": [
                {"id": "miss_you", "type": "send_message", "channel": "email", "template_key": "journey_winback",
                 "next": "week"},
                {"id": "week", "type": "wait", "duration": {"days": 7}, "next": "bonus"},
                {"id": "bonus", "type": "award_points", "points": 100, "reason": "Win-back bonus",
                 "next": "tell"},
                {"id": "tell", "type": "send_message", "channel": "email", "template_key": "journey_winback_bonus"},
            ],
        },
        "Points expiry reminder": {
            "entry": {"type": "event", "event_type": "points.expiring_soon"},
            "reentry": {"policy": "after_days", "days": 7},
            "start": "remind",
            "steps": [{"id": "remind", "type": "send_message", "channel": "email",
                       "template_key": "journey_points_expiring"}],
        },
    }


def create_demo_journeys(session: Session, *, program: Program) -> dict[str, int]:
    """The templates, the two coupon campaigns with codes, and the journeys, active; their ids by name."""
    for key, by_channel in TEMPLATES.items():
        for channel, versions in by_channel.items():
            messaging.create_template(session=session, program=program, actor=ACTOR, data=TemplateWrite(
                key=key, channel=channel, fallback_language="pl",  # type: ignore[arg-type]
                versions={language: _text(*texts) for language, texts in versions.items()}))
    campaign_ids: dict[str, int] = {}
    for key, (definition, pattern) in CAMPAIGNS.items():
        campaign = vouchers.create_campaign(session=session, program=program, actor=ACTOR,
                                            data=CampaignCreate.model_validate(definition))
        vouchers.generate_codes(session=session, program=program, campaign_id=campaign.id, count=CODES_PER_CAMPAIGN,
                                pattern=build_pattern(pattern=pattern), actor=ACTOR)
        campaign_ids[key] = campaign.id
    journey_ids: dict[str, int] = {}
    for name, graph in journey_graphs(campaign_ids).items():
        journey = journeys.create_journey(session=session, program=program, actor=ACTOR,
                                          data=JourneyCreate(name=name, graph=graph))
        journeys.set_status(session=session, program=program, journey_id=journey.id, status="active", actor=ACTOR)
        journey_ids[name] = journey.id
    return journey_ids
