"""Every word the portal pages show, in one place (English for now; a Babel catalogue later
reads these same keys)."""

from __future__ import annotations

from types import MappingProxyType

EN = MappingProxyType({
    "site_name": "Gift rewards",
    "sign_in_title": "Redeem your gift",
    "sign_in_intro": "Enter the code from your gift voucher, or your bonus card's number and PIN, to see the "
                     "rewards you can choose.",
    "code_label": "Voucher code or card number",
    "code_hint": "For example GIFT-7K2M-Q9XR-4HPD-WN3C, or the 16 digits on your card.",
    "pin_label": "PIN (bonus cards only)",
    "sign_in_button": "Sign in",
    "sign_out": "Sign out",
    "signed_out": "You have signed out.",
    "session_expired": "Your session has expired. Please sign in again.",
    "form_expired": "This form has expired. Please try again.",
    "rate_limited": "Too many attempts. Please wait {seconds} seconds and try again.",
    "code_required": "Enter your voucher code or card number.",
    "catalogue_title": "Choose your reward",
    "balance": "Balance",
    "points": "points",
    "gift_from": "A gift from",
    "valid_until": "Valid until",
    "nothing_fits": "No reward fits the balance left right now.",
    "choose": "Choose",
    "in_stock": "{count} left",
    "your_redemptions": "Your rewards",
    "receipt": "Receipt",
    "download_receipt": "Download the receipt (PDF)",
    "back_to_catalogue": "Back to the rewards",
    "reward_title": "Your choice",
    "price": "Price",
    "balance_after": "Balance afterwards",
    "delivery_heading": "Where should we send it?",
    "recipient_name": "Full name",
    "address_line1": "Street and number",
    "address_line2": "Flat, floor, company (optional)",
    "postal_code": "Postal code",
    "city": "City",
    "country": "Country",
    "country_hint": "Two-letter code, for example PL or DE.",
    "confirm_button": "Confirm and spend {points} points",
    "confirmation_title": "Thank you!",
    "confirmation_physical": "Your reward is on its way to the address below. Keep the receipt: its number "
                             "identifies your order.",
    "confirmation_instant": "Your reward is ready. Keep the receipt: its number identifies it.",
    "receipt_number": "Receipt number",
    "reward": "Reward",
    "status": "Status",
    "your_code": "Your code",
    "deliver_to": "Deliver to",
    "not_found_title": "Not found",
    "not_found": "There is nothing here for this gift.",
    "unavailable_title": "Gift pages unavailable",
    "unavailable": "The gift pages are not set up on this server yet (it has no secret key). Please try again "
                   "later.",
    "footer": "Your gift's code is never shown on these pages or on the receipt.",
})

STATUS_LABELS = MappingProxyType({
    "requested": "Ordered",
    "confirmed": "Confirmed",
    "shipped": "Shipped",
    "delivered": "Delivered",
    "cancelled": "Cancelled",
    "completed": "Done",
})
