"""Contains all the data models used in inputs/outputs"""

from .access_window import AccessWindow
from .access_window_read import AccessWindowRead
from .address import Address
from .adjust_request import AdjustRequest
from .adjustment_read import AdjustmentRead
from .answer_in import AnswerIn
from .api_key_create import ApiKeyCreate
from .api_key_created import ApiKeyCreated
from .api_key_page import ApiKeyPage
from .api_key_read import ApiKeyRead
from .applied_voucher_outcome import AppliedVoucherOutcome
from .applied_voucher_outcome_kind import AppliedVoucherOutcomeKind
from .available_balance_read import AvailableBalanceRead
from .award_read import AwardRead
from .badge_backfill_read import BadgeBackfillRead
from .badge_create import BadgeCreate
from .badge_create_condition_type_0 import BadgeCreateConditionType0
from .badge_create_measure import BadgeCreateMeasure
from .badge_level_in import BadgeLevelIn
from .badge_level_read import BadgeLevelRead
from .badge_page import BadgePage
from .badge_read import BadgeRead
from .badge_read_condition_type_0 import BadgeReadConditionType0
from .badge_read_measure import BadgeReadMeasure
from .badge_update import BadgeUpdate
from .badge_update_condition_type_0 import BadgeUpdateConditionType0
from .balance_read import BalanceRead
from .balance_read_units import BalanceReadUnits
from .basket_in import BasketIn
from .basket_in_channel import BasketInChannel
from .basket_line_in import BasketLineIn
from .benefits import Benefits
from .benefits_read import BenefitsRead
from .blocked_card_read import BlockedCardRead
from .bonus_card_create import BonusCardCreate
from .bonus_card_top_up import BonusCardTopUp
from .brought_back_report import BroughtBackReport
from .brought_back_row import BroughtBackRow
from .calendar_year_window import CalendarYearWindow
from .campaign_budget import CampaignBudget
from .campaign_budget_kind import CampaignBudgetKind
from .campaign_budget_read import CampaignBudgetRead
from .campaign_budget_read_kind import CampaignBudgetReadKind
from .campaign_create import CampaignCreate
from .campaign_create_condition_type_0 import CampaignCreateConditionType0
from .campaign_create_kind import CampaignCreateKind
from .campaign_create_line_condition_type_0 import CampaignCreateLineConditionType0
from .campaign_group_results import CampaignGroupResults
from .campaign_message import CampaignMessage
from .campaign_message_channel import CampaignMessageChannel
from .campaign_offer import CampaignOffer
from .campaign_offer_kind import CampaignOfferKind
from .campaign_offer_read import CampaignOfferRead
from .campaign_offer_read_kind import CampaignOfferReadKind
from .campaign_page import CampaignPage
from .campaign_read import CampaignRead
from .campaign_read_condition_type_0 import CampaignReadConditionType0
from .campaign_read_kind import CampaignReadKind
from .campaign_read_line_condition_type_0 import CampaignReadLineConditionType0
from .campaign_summary_read import CampaignSummaryRead
from .campaign_summary_read_kind import CampaignSummaryReadKind
from .campaign_update import CampaignUpdate
from .campaign_update_condition_type_0 import CampaignUpdateConditionType0
from .campaign_update_line_condition_type_0 import CampaignUpdateLineConditionType0
from .card_batch_create import CardBatchCreate
from .card_batch_read import CardBatchRead
from .card_block import CardBlock
from .card_page import CardPage
from .card_read import CardRead
from .card_read_status import CardReadStatus
from .card_register import CardRegister
from .cart_item_in import CartItemIn
from .cart_read import CartRead
from .cart_update import CartUpdate
from .catalogue_item_read import CatalogueItemRead
from .catalogue_item_read_kind import CatalogueItemReadKind
from .catalogue_read import CatalogueRead
from .catalogue_read_balances import CatalogueReadBalances
from .cause_create import CauseCreate
from .cause_page import CausePage
from .cause_read import CauseRead
from .cause_update import CauseUpdate
from .challenge_create import ChallengeCreate
from .challenge_create_channel_type_0 import ChallengeCreateChannelType0
from .challenge_create_condition_type_0 import ChallengeCreateConditionType0
from .challenge_create_measure import ChallengeCreateMeasure
from .challenge_page import ChallengePage
from .challenge_read import ChallengeRead
from .challenge_read_channel_type_0 import ChallengeReadChannelType0
from .challenge_read_condition_type_0 import ChallengeReadConditionType0
from .challenge_read_measure import ChallengeReadMeasure
from .challenge_stats import ChallengeStats
from .challenge_update import ChallengeUpdate
from .channel_settings_read import ChannelSettingsRead
from .channel_settings_write import ChannelSettingsWrite
from .claim_outcome import ClaimOutcome
from .claim_outcome_balance_type_0 import ClaimOutcomeBalanceType0
from .claim_outcome_earned_by_unit import ClaimOutcomeEarnedByUnit
from .claim_outcome_pending_by_unit import ClaimOutcomePendingByUnit
from .claim_outcome_refunded_before_claim import ClaimOutcomeRefundedBeforeClaim
from .code_batch_create import CodeBatchCreate
from .code_batch_read import CodeBatchRead
from .code_import_read import CodeImportRead
from .code_pool_create import CodePoolCreate
from .code_pool_page import CodePoolPage
from .code_pool_read import CodePoolRead
from .code_pool_update import CodePoolUpdate
from .consent_input import ConsentInput
from .consent_state import ConsentState
from .consents_input import ConsentsInput
from .consents_read import ConsentsRead
from .content_create import ContentCreate
from .content_create_body_format import ContentCreateBodyFormat
from .content_create_kind import ContentCreateKind
from .content_page import ContentPage
from .content_read import ContentRead
from .content_read_body_format import ContentReadBodyFormat
from .content_read_kind import ContentReadKind
from .content_read_status import ContentReadStatus
from .content_update import ContentUpdate
from .content_update_body_format_type_0 import ContentUpdateBodyFormatType0
from .content_update_status_type_0 import ContentUpdateStatusType0
from .contest_create import ContestCreate
from .contest_create_entry_action import ContestCreateEntryAction
from .contest_entry_page import ContestEntryPage
from .contest_page import ContestPage
from .contest_read import ContestRead
from .contest_read_entry_action import ContestReadEntryAction
from .contest_read_status import ContestReadStatus
from .count_read import CountRead
from .count_request import CountRequest
from .count_request_condition import CountRequestCondition
from .custom_event_create import CustomEventCreate
from .custom_event_create_payload import CustomEventCreatePayload
from .custom_event_read import CustomEventRead
from .custom_event_read_balance import CustomEventReadBalance
from .dashboard_response_dashboard import DashboardResponseDashboard
from .draw_read import DrawRead
from .dry_run_purchase import DryRunPurchase
from .dry_run_purchase_channel import DryRunPurchaseChannel
from .dry_run_read import DryRunRead
from .dry_run_read_totals import DryRunReadTotals
from .dry_run_request import DryRunRequest
from .dry_run_rule_read import DryRunRuleRead
from .early_access_read import EarlyAccessRead
from .earned_award import EarnedAward
from .earned_award_source import EarnedAwardSource
from .end_of_next_calendar_year import EndOfNextCalendarYear
from .enrol_request import EnrolRequest
from .enrol_request_payload import EnrolRequestPayload
from .enrolment_page import EnrolmentPage
from .enrolment_read import EnrolmentRead
from .enrolment_read_state import EnrolmentReadState
from .entry_read import EntryRead
from .error import Error
from .error_error import ErrorError
from .error_error_details import ErrorErrorDetails
from .expiry_read import ExpiryRead
from .funnel import Funnel
from .funnel_by import FunnelBy
from .funnel_row import FunnelRow
from .gift_movement_page import GiftMovementPage
from .gift_movement_read import GiftMovementRead
from .gift_movement_read_kind import GiftMovementReadKind
from .gift_redemption_page import GiftRedemptionPage
from .gift_redemption_read import GiftRedemptionRead
from .gift_redemption_read_allowed_transitions_item import GiftRedemptionReadAllowedTransitionsItem
from .gift_redemption_read_delivery_address_type_0 import GiftRedemptionReadDeliveryAddressType0
from .gift_redemption_read_kind import GiftRedemptionReadKind
from .gift_redemption_read_status import GiftRedemptionReadStatus
from .gift_voucher_batch_create import GiftVoucherBatchCreate
from .gift_voucher_batch_read import GiftVoucherBatchRead
from .gift_voucher_cancel import GiftVoucherCancel
from .gift_voucher_page import GiftVoucherPage
from .gift_voucher_read import GiftVoucherRead
from .gift_voucher_read_kind import GiftVoucherReadKind
from .gift_voucher_read_status import GiftVoucherReadStatus
from .import_read import ImportRead
from .issued_bonus_card_read import IssuedBonusCardRead
from .issued_voucher_read import IssuedVoucherRead
from .journey_counts import JourneyCounts
from .journey_create import JourneyCreate
from .journey_create_graph import JourneyCreateGraph
from .journey_group_results import JourneyGroupResults
from .journey_page import JourneyPage
from .journey_read import JourneyRead
from .journey_read_graph import JourneyReadGraph
from .journey_read_status import JourneyReadStatus
from .journey_results import JourneyResults
from .journey_results_window_type_0 import JourneyResultsWindowType0
from .journey_status_change import JourneyStatusChange
from .journey_status_change_status import JourneyStatusChangeStatus
from .journey_update import JourneyUpdate
from .journey_update_graph_type_0 import JourneyUpdateGraphType0
from .keep_tier import KeepTier
from .leaderboard_create import LeaderboardCreate
from .leaderboard_create_measure import LeaderboardCreateMeasure
from .leaderboard_create_period_type_0 import LeaderboardCreatePeriodType0
from .leaderboard_create_scope import LeaderboardCreateScope
from .leaderboard_page import LeaderboardPage
from .leaderboard_read import LeaderboardRead
from .leaderboard_read_measure import LeaderboardReadMeasure
from .leaderboard_read_period import LeaderboardReadPeriod
from .leaderboard_read_scope import LeaderboardReadScope
from .leaderboard_update import LeaderboardUpdate
from .leaving_activity import LeavingActivity
from .ledger_entry_read import LedgerEntryRead
from .ledger_entry_read_details import LedgerEntryReadDetails
from .ledger_page import LedgerPage
from .lifecycle_settings_read import LifecycleSettingsRead
from .lifecycle_settings_update import LifecycleSettingsUpdate
from .line_discount_read import LineDiscountRead
from .line_points import LinePoints
from .list_bonus_cards_status_type_0 import ListBonusCardsStatusType0
from .list_campaigns_status_type_0 import ListCampaignsStatusType0
from .list_gift_redemptions_status_type_0 import ListGiftRedemptionsStatusType0
from .list_gift_vouchers_status_type_0 import ListGiftVouchersStatusType0
from .list_members_status_type_0 import ListMembersStatusType0
from .list_reviews_status_type_0 import ListReviewsStatusType0
from .list_reward_redemptions_status_type_0 import ListRewardRedemptionsStatusType0
from .list_rewards_kind_type_0 import ListRewardsKindType0
from .list_surveys_status_type_0 import ListSurveysStatusType0
from .marketing_campaign_create import MarketingCampaignCreate
from .marketing_campaign_create_condition_type_0 import MarketingCampaignCreateConditionType0
from .marketing_campaign_create_target import MarketingCampaignCreateTarget
from .marketing_campaign_page import MarketingCampaignPage
from .marketing_campaign_read import MarketingCampaignRead
from .marketing_campaign_read_condition_type_0 import MarketingCampaignReadConditionType0
from .marketing_campaign_read_status import MarketingCampaignReadStatus
from .marketing_campaign_read_target import MarketingCampaignReadTarget
from .marketing_campaign_results import MarketingCampaignResults
from .marketing_campaign_update import MarketingCampaignUpdate
from .marketing_campaign_update_condition_type_0 import MarketingCampaignUpdateConditionType0
from .marketing_campaign_update_target_type_0 import MarketingCampaignUpdateTargetType0
from .member_badge_level import MemberBadgeLevel
from .member_badge_list import MemberBadgeList
from .member_badge_read import MemberBadgeRead
from .member_badge_read_measure import MemberBadgeReadMeasure
from .member_challenge_list import MemberChallengeList
from .member_challenge_read import MemberChallengeRead
from .member_challenge_read_measure import MemberChallengeReadMeasure
from .member_content_list import MemberContentList
from .member_content_read import MemberContentRead
from .member_content_read_kind import MemberContentReadKind
from .member_create import MemberCreate
from .member_create_attributes import MemberCreateAttributes
from .member_create_enrolment_channel import MemberCreateEnrolmentChannel
from .member_page import MemberPage
from .member_purchase_page import MemberPurchasePage
from .member_purchase_read import MemberPurchaseRead
from .member_purchase_read_channel import MemberPurchaseReadChannel
from .member_read import MemberRead
from .member_read_attributes import MemberReadAttributes
from .member_read_enrolment_channel import MemberReadEnrolmentChannel
from .member_read_status import MemberReadStatus
from .member_recommendations_shelf import MemberRecommendationsShelf
from .member_ref import MemberRef
from .member_referrals_read import MemberReferralsRead
from .member_referrals_read_counts import MemberReferralsReadCounts
from .member_scores import MemberScores
from .member_scores_churn_model import MemberScoresChurnModel
from .member_update import MemberUpdate
from .member_update_attributes_type_0 import MemberUpdateAttributesType0
from .member_update_status_type_0 import MemberUpdateStatusType0
from .member_voucher_page import MemberVoucherPage
from .member_voucher_read import MemberVoucherRead
from .member_voucher_read_kind import MemberVoucherReadKind
from .member_voucher_read_status import MemberVoucherReadStatus
from .message_channels import MessageChannels
from .message_page import MessagePage
from .message_read import MessageRead
from .message_read_status import MessageReadStatus
from .months_after_earning import MonthsAfterEarning
from .movement_read import MovementRead
from .my_standing_read import MyStandingRead
from .never_expires import NeverExpires
from .next_tier import NextTier
from .nps_read import NpsRead
from .option_count import OptionCount
from .points_outcome import PointsOutcome
from .preview import Preview
from .preview_context import PreviewContext
from .program_read import ProgramRead
from .program_read_units_item import ProgramReadUnitsItem
from .program_update import ProgramUpdate
from .program_update_units_type_0_item import ProgramUpdateUnitsType0Item
from .public_review_page import PublicReviewPage
from .public_review_read import PublicReviewRead
from .publish_request import PublishRequest
from .published_code_read import PublishedCodeRead
from .published_codes_read import PublishedCodesRead
from .purchase_claim import PurchaseClaim
from .purchase_create import PurchaseCreate
from .purchase_create_channel import PurchaseCreateChannel
from .purchase_line_read import PurchaseLineRead
from .purchase_outcome import PurchaseOutcome
from .purchase_outcome_balance_type_0 import PurchaseOutcomeBalanceType0
from .purchase_outcome_earned_by_unit import PurchaseOutcomeEarnedByUnit
from .purchase_outcome_pending_by_unit import PurchaseOutcomePendingByUnit
from .purchase_read import PurchaseRead
from .purchase_read_channel import PurchaseReadChannel
from .purchase_read_result import PurchaseReadResult
from .qualifying_purchase import QualifyingPurchase
from .question import Question
from .question_kind import QuestionKind
from .question_read import QuestionRead
from .question_read_kind import QuestionReadKind
from .question_scale_max_type_0 import QuestionScaleMaxType0
from .question_summary import QuestionSummary
from .question_summary_kind import QuestionSummaryKind
from .receipt_line import ReceiptLine
from .recommendation_page import RecommendationPage
from .recommendation_read import RecommendationRead
from .recommendation_read_kind import RecommendationReadKind
from .recommendation_read_source import RecommendationReadSource
from .recompute_read import RecomputeRead
from .redemption_create import RedemptionCreate
from .redemption_page import RedemptionPage
from .redemption_read import RedemptionRead
from .redemption_read_allowed_transitions_item import RedemptionReadAllowedTransitionsItem
from .redemption_read_delivery_address_type_0 import RedemptionReadDeliveryAddressType0
from .redemption_read_kind import RedemptionReadKind
from .redemption_read_status import RedemptionReadStatus
from .referral_cap import ReferralCap
from .referral_link_read import ReferralLinkRead
from .referral_outcome import ReferralOutcome
from .referral_outcome_status import ReferralOutcomeStatus
from .referral_program_read import ReferralProgramRead
from .referral_program_update import ReferralProgramUpdate
from .referral_read import ReferralRead
from .referral_read_status import ReferralReadStatus
from .refund_create import RefundCreate
from .refund_line_in import RefundLineIn
from .refund_outcome import RefundOutcome
from .refund_outcome_balance_type_0 import RefundOutcomeBalanceType0
from .refund_outcome_reversed_by_unit import RefundOutcomeReversedByUnit
from .refusal_read import RefusalRead
from .response_create import ResponseCreate
from .response_read import ResponseRead
from .review_create import ReviewCreate
from .review_moderation import ReviewModeration
from .review_moderation_status import ReviewModerationStatus
from .review_page import ReviewPage
from .review_read import ReviewRead
from .review_read_status import ReviewReadStatus
from .reward_create import RewardCreate
from .reward_create_descriptions import RewardCreateDescriptions
from .reward_create_images_by_language import RewardCreateImagesByLanguage
from .reward_create_kind import RewardCreateKind
from .reward_create_names import RewardCreateNames
from .reward_page import RewardPage
from .reward_read import RewardRead
from .reward_read_descriptions import RewardReadDescriptions
from .reward_read_images_by_language import RewardReadImagesByLanguage
from .reward_read_kind import RewardReadKind
from .reward_read_names import RewardReadNames
from .reward_spec import RewardSpec
from .reward_update import RewardUpdate
from .reward_update_descriptions_type_0 import RewardUpdateDescriptionsType0
from .reward_update_images_by_language_type_0 import RewardUpdateImagesByLanguageType0
from .reward_update_names_type_0 import RewardUpdateNamesType0
from .rolled_back_voucher import RolledBackVoucher
from .rolled_back_voucher_kind import RolledBackVoucherKind
from .rolling_window import RollingWindow
from .rule_create import RuleCreate
from .rule_create_condition_type_0 import RuleCreateConditionType0
from .rule_create_fixed_effect import RuleCreateFixedEffect
from .rule_create_multiplier_effect import RuleCreateMultiplierEffect
from .rule_create_per_amount_effect import RuleCreatePerAmountEffect
from .rule_create_per_amount_effect_line_condition_type_0 import RuleCreatePerAmountEffectLineConditionType0
from .rule_create_per_amount_effect_scope import RuleCreatePerAmountEffectScope
from .rule_create_per_item_effect import RuleCreatePerItemEffect
from .rule_create_per_item_effect_line_condition_type_0 import RuleCreatePerItemEffectLineConditionType0
from .rule_create_percent_effect import RuleCreatePercentEffect
from .rule_create_percent_effect_line_condition_type_0 import RuleCreatePercentEffectLineConditionType0
from .rule_create_percent_effect_scope import RuleCreatePercentEffectScope
from .rule_create_trigger import RuleCreateTrigger
from .rule_detail_read import RuleDetailRead
from .rule_detail_read_condition_type_0 import RuleDetailReadConditionType0
from .rule_detail_read_fixed_effect import RuleDetailReadFixedEffect
from .rule_detail_read_multiplier_effect import RuleDetailReadMultiplierEffect
from .rule_detail_read_per_amount_effect import RuleDetailReadPerAmountEffect
from .rule_detail_read_per_amount_effect_line_condition_type_0 import RuleDetailReadPerAmountEffectLineConditionType0
from .rule_detail_read_per_amount_effect_scope import RuleDetailReadPerAmountEffectScope
from .rule_detail_read_per_item_effect import RuleDetailReadPerItemEffect
from .rule_detail_read_per_item_effect_line_condition_type_0 import RuleDetailReadPerItemEffectLineConditionType0
from .rule_detail_read_percent_effect import RuleDetailReadPercentEffect
from .rule_detail_read_percent_effect_line_condition_type_0 import RuleDetailReadPercentEffectLineConditionType0
from .rule_detail_read_percent_effect_scope import RuleDetailReadPercentEffectScope
from .rule_detail_read_trigger import RuleDetailReadTrigger
from .rule_page import RulePage
from .rule_read import RuleRead
from .rule_read_condition_type_0 import RuleReadConditionType0
from .rule_read_fixed_effect import RuleReadFixedEffect
from .rule_read_multiplier_effect import RuleReadMultiplierEffect
from .rule_read_per_amount_effect import RuleReadPerAmountEffect
from .rule_read_per_amount_effect_line_condition_type_0 import RuleReadPerAmountEffectLineConditionType0
from .rule_read_per_amount_effect_scope import RuleReadPerAmountEffectScope
from .rule_read_per_item_effect import RuleReadPerItemEffect
from .rule_read_per_item_effect_line_condition_type_0 import RuleReadPerItemEffectLineConditionType0
from .rule_read_percent_effect import RuleReadPercentEffect
from .rule_read_percent_effect_line_condition_type_0 import RuleReadPercentEffectLineConditionType0
from .rule_read_percent_effect_scope import RuleReadPercentEffectScope
from .rule_read_trigger import RuleReadTrigger
from .rule_update import RuleUpdate
from .rule_update_condition_type_0 import RuleUpdateConditionType0
from .rule_update_fixed_effect import RuleUpdateFixedEffect
from .rule_update_multiplier_effect import RuleUpdateMultiplierEffect
from .rule_update_per_amount_effect import RuleUpdatePerAmountEffect
from .rule_update_per_amount_effect_line_condition_type_0 import RuleUpdatePerAmountEffectLineConditionType0
from .rule_update_per_amount_effect_scope import RuleUpdatePerAmountEffectScope
from .rule_update_per_item_effect import RuleUpdatePerItemEffect
from .rule_update_per_item_effect_line_condition_type_0 import RuleUpdatePerItemEffectLineConditionType0
from .rule_update_percent_effect import RuleUpdatePercentEffect
from .rule_update_percent_effect_line_condition_type_0 import RuleUpdatePercentEffectLineConditionType0
from .rule_update_percent_effect_scope import RuleUpdatePercentEffectScope
from .rule_update_trigger_type_0 import RuleUpdateTriggerType0
from .rule_version_read import RuleVersionRead
from .rule_version_read_condition_type_0 import RuleVersionReadConditionType0
from .rule_version_read_fixed_effect import RuleVersionReadFixedEffect
from .rule_version_read_multiplier_effect import RuleVersionReadMultiplierEffect
from .rule_version_read_per_amount_effect import RuleVersionReadPerAmountEffect
from .rule_version_read_per_amount_effect_line_condition_type_0 import RuleVersionReadPerAmountEffectLineConditionType0
from .rule_version_read_per_amount_effect_scope import RuleVersionReadPerAmountEffectScope
from .rule_version_read_per_item_effect import RuleVersionReadPerItemEffect
from .rule_version_read_per_item_effect_line_condition_type_0 import RuleVersionReadPerItemEffectLineConditionType0
from .rule_version_read_percent_effect import RuleVersionReadPercentEffect
from .rule_version_read_percent_effect_line_condition_type_0 import RuleVersionReadPercentEffectLineConditionType0
from .rule_version_read_percent_effect_scope import RuleVersionReadPercentEffectScope
from .rule_version_read_trigger import RuleVersionReadTrigger
from .run_pivot_format import RunPivotFormat
from .segment_create import SegmentCreate
from .segment_create_condition_type_0 import SegmentCreateConditionType0
from .segment_create_kind import SegmentCreateKind
from .segment_list import SegmentList
from .segment_member_read import SegmentMemberRead
from .segment_members_page import SegmentMembersPage
from .segment_read import SegmentRead
from .segment_read_condition_type_0 import SegmentReadConditionType0
from .segment_read_kind import SegmentReadKind
from .segment_size_read import SegmentSizeRead
from .segment_sizes import SegmentSizes
from .segment_update import SegmentUpdate
from .segment_update_condition_type_0 import SegmentUpdateConditionType0
from .side_reward import SideReward
from .source_row import SourceRow
from .sources_report import SourcesReport
from .spend_request import SpendRequest
from .stamp_card_page import StampCardPage
from .stamp_card_read import StampCardRead
from .stamp_card_reward import StampCardReward
from .standing_read import StandingRead
from .standings_page import StandingsPage
from .status_change import StatusChange
from .status_change_status import StatusChangeStatus
from .status_entry_read import StatusEntryRead
from .status_entry_read_status import StatusEntryReadStatus
from .step_count import StepCount
from .stock_change import StockChange
from .suppression_page import SuppressionPage
from .suppression_read import SuppressionRead
from .suppression_write import SuppressionWrite
from .suppression_write_channel import SuppressionWriteChannel
from .survey_create import SurveyCreate
from .survey_create_kind import SurveyCreateKind
from .survey_create_status import SurveyCreateStatus
from .survey_link import SurveyLink
from .survey_page import SurveyPage
from .survey_read import SurveyRead
from .survey_read_kind import SurveyReadKind
from .survey_read_status import SurveyReadStatus
from .survey_summary import SurveySummary
from .survey_update import SurveyUpdate
from .survey_update_status_type_0 import SurveyUpdateStatusType0
from .template_page import TemplatePage
from .template_read import TemplateRead
from .template_read_versions import TemplateReadVersions
from .template_version_read import TemplateVersionRead
from .template_version_write import TemplateVersionWrite
from .template_write import TemplateWrite
from .template_write_channel import TemplateWriteChannel
from .template_write_versions import TemplateWriteVersions
from .tier_assign import TierAssign
from .tier_change_outcome import TierChangeOutcome
from .tier_create import TierCreate
from .tier_create_translations import TierCreateTranslations
from .tier_member_page import TierMemberPage
from .tier_member_read import TierMemberRead
from .tier_page import TierPage
from .tier_policy_read import TierPolicyRead
from .tier_policy_read_measure import TierPolicyReadMeasure
from .tier_policy_write import TierPolicyWrite
from .tier_policy_write_measure import TierPolicyWriteMeasure
from .tier_progress import TierProgress
from .tier_progress_measure import TierProgressMeasure
from .tier_read import TierRead
from .tier_read_translations import TierReadTranslations
from .tier_update import TierUpdate
from .tier_update_translations_type_0 import TierUpdateTranslationsType0
from .timeline_event_read import TimelineEventRead
from .timeline_event_read_payload import TimelineEventReadPayload
from .timeline_page import TimelinePage
from .transfer_read import TransferRead
from .transfer_request import TransferRequest
from .translation import Translation
from .unit_balance_outcome import UnitBalanceOutcome
from .unit_balance_read import UnitBalanceRead
from .uplift_interval import UpliftInterval
from .validation_read import ValidationRead
from .visit_read import VisitRead
from .visit_read_result import VisitReadResult
from .visitor_link import VisitorLink
from .visitor_read import VisitorRead
from .voucher_check import VoucherCheck
from .voucher_redeem import VoucherRedeem
from .voucher_redemption_read import VoucherRedemptionRead
from .voucher_redemption_read_kind import VoucherRedemptionReadKind
from .voucher_redemption_read_status import VoucherRedemptionReadStatus
from .voucher_refusal_read import VoucherRefusalRead
from .web_visit import WebVisit
from .web_visit_page import WebVisitPage
from .webhook_delivery_page import WebhookDeliveryPage
from .webhook_delivery_read import WebhookDeliveryRead
from .webhook_delivery_read_status import WebhookDeliveryReadStatus
from .webhook_endpoint_create import WebhookEndpointCreate
from .webhook_endpoint_created import WebhookEndpointCreated
from .webhook_endpoint_page import WebhookEndpointPage
from .webhook_endpoint_read import WebhookEndpointRead
from .webhook_endpoint_update import WebhookEndpointUpdate
from .webhook_secret_rotated import WebhookSecretRotated
from .window_read import WindowRead
from .window_read_kind import WindowReadKind
from .winner_read import WinnerRead
from .winners_read import WinnersRead

__all__ = (
    "AccessWindow",
    "AccessWindowRead",
    "Address",
    "AdjustmentRead",
    "AdjustRequest",
    "AnswerIn",
    "ApiKeyCreate",
    "ApiKeyCreated",
    "ApiKeyPage",
    "ApiKeyRead",
    "AppliedVoucherOutcome",
    "AppliedVoucherOutcomeKind",
    "AvailableBalanceRead",
    "AwardRead",
    "BadgeBackfillRead",
    "BadgeCreate",
    "BadgeCreateConditionType0",
    "BadgeCreateMeasure",
    "BadgeLevelIn",
    "BadgeLevelRead",
    "BadgePage",
    "BadgeRead",
    "BadgeReadConditionType0",
    "BadgeReadMeasure",
    "BadgeUpdate",
    "BadgeUpdateConditionType0",
    "BalanceRead",
    "BalanceReadUnits",
    "BasketIn",
    "BasketInChannel",
    "BasketLineIn",
    "Benefits",
    "BenefitsRead",
    "BlockedCardRead",
    "BonusCardCreate",
    "BonusCardTopUp",
    "BroughtBackReport",
    "BroughtBackRow",
    "CalendarYearWindow",
    "CampaignBudget",
    "CampaignBudgetKind",
    "CampaignBudgetRead",
    "CampaignBudgetReadKind",
    "CampaignCreate",
    "CampaignCreateConditionType0",
    "CampaignCreateKind",
    "CampaignCreateLineConditionType0",
    "CampaignGroupResults",
    "CampaignMessage",
    "CampaignMessageChannel",
    "CampaignOffer",
    "CampaignOfferKind",
    "CampaignOfferRead",
    "CampaignOfferReadKind",
    "CampaignPage",
    "CampaignRead",
    "CampaignReadConditionType0",
    "CampaignReadKind",
    "CampaignReadLineConditionType0",
    "CampaignSummaryRead",
    "CampaignSummaryReadKind",
    "CampaignUpdate",
    "CampaignUpdateConditionType0",
    "CampaignUpdateLineConditionType0",
    "CardBatchCreate",
    "CardBatchRead",
    "CardBlock",
    "CardPage",
    "CardRead",
    "CardReadStatus",
    "CardRegister",
    "CartItemIn",
    "CartRead",
    "CartUpdate",
    "CatalogueItemRead",
    "CatalogueItemReadKind",
    "CatalogueRead",
    "CatalogueReadBalances",
    "CauseCreate",
    "CausePage",
    "CauseRead",
    "CauseUpdate",
    "ChallengeCreate",
    "ChallengeCreateChannelType0",
    "ChallengeCreateConditionType0",
    "ChallengeCreateMeasure",
    "ChallengePage",
    "ChallengeRead",
    "ChallengeReadChannelType0",
    "ChallengeReadConditionType0",
    "ChallengeReadMeasure",
    "ChallengeStats",
    "ChallengeUpdate",
    "ChannelSettingsRead",
    "ChannelSettingsWrite",
    "ClaimOutcome",
    "ClaimOutcomeBalanceType0",
    "ClaimOutcomeEarnedByUnit",
    "ClaimOutcomePendingByUnit",
    "ClaimOutcomeRefundedBeforeClaim",
    "CodeBatchCreate",
    "CodeBatchRead",
    "CodeImportRead",
    "CodePoolCreate",
    "CodePoolPage",
    "CodePoolRead",
    "CodePoolUpdate",
    "ConsentInput",
    "ConsentsInput",
    "ConsentsRead",
    "ConsentState",
    "ContentCreate",
    "ContentCreateBodyFormat",
    "ContentCreateKind",
    "ContentPage",
    "ContentRead",
    "ContentReadBodyFormat",
    "ContentReadKind",
    "ContentReadStatus",
    "ContentUpdate",
    "ContentUpdateBodyFormatType0",
    "ContentUpdateStatusType0",
    "ContestCreate",
    "ContestCreateEntryAction",
    "ContestEntryPage",
    "ContestPage",
    "ContestRead",
    "ContestReadEntryAction",
    "ContestReadStatus",
    "CountRead",
    "CountRequest",
    "CountRequestCondition",
    "CustomEventCreate",
    "CustomEventCreatePayload",
    "CustomEventRead",
    "CustomEventReadBalance",
    "DashboardResponseDashboard",
    "DrawRead",
    "DryRunPurchase",
    "DryRunPurchaseChannel",
    "DryRunRead",
    "DryRunReadTotals",
    "DryRunRequest",
    "DryRunRuleRead",
    "EarlyAccessRead",
    "EarnedAward",
    "EarnedAwardSource",
    "EndOfNextCalendarYear",
    "EnrolmentPage",
    "EnrolmentRead",
    "EnrolmentReadState",
    "EnrolRequest",
    "EnrolRequestPayload",
    "EntryRead",
    "Error",
    "ErrorError",
    "ErrorErrorDetails",
    "ExpiryRead",
    "Funnel",
    "FunnelBy",
    "FunnelRow",
    "GiftMovementPage",
    "GiftMovementRead",
    "GiftMovementReadKind",
    "GiftRedemptionPage",
    "GiftRedemptionRead",
    "GiftRedemptionReadAllowedTransitionsItem",
    "GiftRedemptionReadDeliveryAddressType0",
    "GiftRedemptionReadKind",
    "GiftRedemptionReadStatus",
    "GiftVoucherBatchCreate",
    "GiftVoucherBatchRead",
    "GiftVoucherCancel",
    "GiftVoucherPage",
    "GiftVoucherRead",
    "GiftVoucherReadKind",
    "GiftVoucherReadStatus",
    "ImportRead",
    "IssuedBonusCardRead",
    "IssuedVoucherRead",
    "JourneyCounts",
    "JourneyCreate",
    "JourneyCreateGraph",
    "JourneyGroupResults",
    "JourneyPage",
    "JourneyRead",
    "JourneyReadGraph",
    "JourneyReadStatus",
    "JourneyResults",
    "JourneyResultsWindowType0",
    "JourneyStatusChange",
    "JourneyStatusChangeStatus",
    "JourneyUpdate",
    "JourneyUpdateGraphType0",
    "KeepTier",
    "LeaderboardCreate",
    "LeaderboardCreateMeasure",
    "LeaderboardCreatePeriodType0",
    "LeaderboardCreateScope",
    "LeaderboardPage",
    "LeaderboardRead",
    "LeaderboardReadMeasure",
    "LeaderboardReadPeriod",
    "LeaderboardReadScope",
    "LeaderboardUpdate",
    "LeavingActivity",
    "LedgerEntryRead",
    "LedgerEntryReadDetails",
    "LedgerPage",
    "LifecycleSettingsRead",
    "LifecycleSettingsUpdate",
    "LineDiscountRead",
    "LinePoints",
    "ListBonusCardsStatusType0",
    "ListCampaignsStatusType0",
    "ListGiftRedemptionsStatusType0",
    "ListGiftVouchersStatusType0",
    "ListMembersStatusType0",
    "ListReviewsStatusType0",
    "ListRewardRedemptionsStatusType0",
    "ListRewardsKindType0",
    "ListSurveysStatusType0",
    "MarketingCampaignCreate",
    "MarketingCampaignCreateConditionType0",
    "MarketingCampaignCreateTarget",
    "MarketingCampaignPage",
    "MarketingCampaignRead",
    "MarketingCampaignReadConditionType0",
    "MarketingCampaignReadStatus",
    "MarketingCampaignReadTarget",
    "MarketingCampaignResults",
    "MarketingCampaignUpdate",
    "MarketingCampaignUpdateConditionType0",
    "MarketingCampaignUpdateTargetType0",
    "MemberBadgeLevel",
    "MemberBadgeList",
    "MemberBadgeRead",
    "MemberBadgeReadMeasure",
    "MemberChallengeList",
    "MemberChallengeRead",
    "MemberChallengeReadMeasure",
    "MemberContentList",
    "MemberContentRead",
    "MemberContentReadKind",
    "MemberCreate",
    "MemberCreateAttributes",
    "MemberCreateEnrolmentChannel",
    "MemberPage",
    "MemberPurchasePage",
    "MemberPurchaseRead",
    "MemberPurchaseReadChannel",
    "MemberRead",
    "MemberReadAttributes",
    "MemberReadEnrolmentChannel",
    "MemberReadStatus",
    "MemberRecommendationsShelf",
    "MemberRef",
    "MemberReferralsRead",
    "MemberReferralsReadCounts",
    "MemberScores",
    "MemberScoresChurnModel",
    "MemberUpdate",
    "MemberUpdateAttributesType0",
    "MemberUpdateStatusType0",
    "MemberVoucherPage",
    "MemberVoucherRead",
    "MemberVoucherReadKind",
    "MemberVoucherReadStatus",
    "MessageChannels",
    "MessagePage",
    "MessageRead",
    "MessageReadStatus",
    "MonthsAfterEarning",
    "MovementRead",
    "MyStandingRead",
    "NeverExpires",
    "NextTier",
    "NpsRead",
    "OptionCount",
    "PointsOutcome",
    "Preview",
    "PreviewContext",
    "ProgramRead",
    "ProgramReadUnitsItem",
    "ProgramUpdate",
    "ProgramUpdateUnitsType0Item",
    "PublicReviewPage",
    "PublicReviewRead",
    "PublishedCodeRead",
    "PublishedCodesRead",
    "PublishRequest",
    "PurchaseClaim",
    "PurchaseCreate",
    "PurchaseCreateChannel",
    "PurchaseLineRead",
    "PurchaseOutcome",
    "PurchaseOutcomeBalanceType0",
    "PurchaseOutcomeEarnedByUnit",
    "PurchaseOutcomePendingByUnit",
    "PurchaseRead",
    "PurchaseReadChannel",
    "PurchaseReadResult",
    "QualifyingPurchase",
    "Question",
    "QuestionKind",
    "QuestionRead",
    "QuestionReadKind",
    "QuestionScaleMaxType0",
    "QuestionSummary",
    "QuestionSummaryKind",
    "ReceiptLine",
    "RecommendationPage",
    "RecommendationRead",
    "RecommendationReadKind",
    "RecommendationReadSource",
    "RecomputeRead",
    "RedemptionCreate",
    "RedemptionPage",
    "RedemptionRead",
    "RedemptionReadAllowedTransitionsItem",
    "RedemptionReadDeliveryAddressType0",
    "RedemptionReadKind",
    "RedemptionReadStatus",
    "ReferralCap",
    "ReferralLinkRead",
    "ReferralOutcome",
    "ReferralOutcomeStatus",
    "ReferralProgramRead",
    "ReferralProgramUpdate",
    "ReferralRead",
    "ReferralReadStatus",
    "RefundCreate",
    "RefundLineIn",
    "RefundOutcome",
    "RefundOutcomeBalanceType0",
    "RefundOutcomeReversedByUnit",
    "RefusalRead",
    "ResponseCreate",
    "ResponseRead",
    "ReviewCreate",
    "ReviewModeration",
    "ReviewModerationStatus",
    "ReviewPage",
    "ReviewRead",
    "ReviewReadStatus",
    "RewardCreate",
    "RewardCreateDescriptions",
    "RewardCreateImagesByLanguage",
    "RewardCreateKind",
    "RewardCreateNames",
    "RewardPage",
    "RewardRead",
    "RewardReadDescriptions",
    "RewardReadImagesByLanguage",
    "RewardReadKind",
    "RewardReadNames",
    "RewardSpec",
    "RewardUpdate",
    "RewardUpdateDescriptionsType0",
    "RewardUpdateImagesByLanguageType0",
    "RewardUpdateNamesType0",
    "RolledBackVoucher",
    "RolledBackVoucherKind",
    "RollingWindow",
    "RuleCreate",
    "RuleCreateConditionType0",
    "RuleCreateFixedEffect",
    "RuleCreateMultiplierEffect",
    "RuleCreatePerAmountEffect",
    "RuleCreatePerAmountEffectLineConditionType0",
    "RuleCreatePerAmountEffectScope",
    "RuleCreatePercentEffect",
    "RuleCreatePercentEffectLineConditionType0",
    "RuleCreatePercentEffectScope",
    "RuleCreatePerItemEffect",
    "RuleCreatePerItemEffectLineConditionType0",
    "RuleCreateTrigger",
    "RuleDetailRead",
    "RuleDetailReadConditionType0",
    "RuleDetailReadFixedEffect",
    "RuleDetailReadMultiplierEffect",
    "RuleDetailReadPerAmountEffect",
    "RuleDetailReadPerAmountEffectLineConditionType0",
    "RuleDetailReadPerAmountEffectScope",
    "RuleDetailReadPercentEffect",
    "RuleDetailReadPercentEffectLineConditionType0",
    "RuleDetailReadPercentEffectScope",
    "RuleDetailReadPerItemEffect",
    "RuleDetailReadPerItemEffectLineConditionType0",
    "RuleDetailReadTrigger",
    "RulePage",
    "RuleRead",
    "RuleReadConditionType0",
    "RuleReadFixedEffect",
    "RuleReadMultiplierEffect",
    "RuleReadPerAmountEffect",
    "RuleReadPerAmountEffectLineConditionType0",
    "RuleReadPerAmountEffectScope",
    "RuleReadPercentEffect",
    "RuleReadPercentEffectLineConditionType0",
    "RuleReadPercentEffectScope",
    "RuleReadPerItemEffect",
    "RuleReadPerItemEffectLineConditionType0",
    "RuleReadTrigger",
    "RuleUpdate",
    "RuleUpdateConditionType0",
    "RuleUpdateFixedEffect",
    "RuleUpdateMultiplierEffect",
    "RuleUpdatePerAmountEffect",
    "RuleUpdatePerAmountEffectLineConditionType0",
    "RuleUpdatePerAmountEffectScope",
    "RuleUpdatePercentEffect",
    "RuleUpdatePercentEffectLineConditionType0",
    "RuleUpdatePercentEffectScope",
    "RuleUpdatePerItemEffect",
    "RuleUpdatePerItemEffectLineConditionType0",
    "RuleUpdateTriggerType0",
    "RuleVersionRead",
    "RuleVersionReadConditionType0",
    "RuleVersionReadFixedEffect",
    "RuleVersionReadMultiplierEffect",
    "RuleVersionReadPerAmountEffect",
    "RuleVersionReadPerAmountEffectLineConditionType0",
    "RuleVersionReadPerAmountEffectScope",
    "RuleVersionReadPercentEffect",
    "RuleVersionReadPercentEffectLineConditionType0",
    "RuleVersionReadPercentEffectScope",
    "RuleVersionReadPerItemEffect",
    "RuleVersionReadPerItemEffectLineConditionType0",
    "RuleVersionReadTrigger",
    "RunPivotFormat",
    "SegmentCreate",
    "SegmentCreateConditionType0",
    "SegmentCreateKind",
    "SegmentList",
    "SegmentMemberRead",
    "SegmentMembersPage",
    "SegmentRead",
    "SegmentReadConditionType0",
    "SegmentReadKind",
    "SegmentSizeRead",
    "SegmentSizes",
    "SegmentUpdate",
    "SegmentUpdateConditionType0",
    "SideReward",
    "SourceRow",
    "SourcesReport",
    "SpendRequest",
    "StampCardPage",
    "StampCardRead",
    "StampCardReward",
    "StandingRead",
    "StandingsPage",
    "StatusChange",
    "StatusChangeStatus",
    "StatusEntryRead",
    "StatusEntryReadStatus",
    "StepCount",
    "StockChange",
    "SuppressionPage",
    "SuppressionRead",
    "SuppressionWrite",
    "SuppressionWriteChannel",
    "SurveyCreate",
    "SurveyCreateKind",
    "SurveyCreateStatus",
    "SurveyLink",
    "SurveyPage",
    "SurveyRead",
    "SurveyReadKind",
    "SurveyReadStatus",
    "SurveySummary",
    "SurveyUpdate",
    "SurveyUpdateStatusType0",
    "TemplatePage",
    "TemplateRead",
    "TemplateReadVersions",
    "TemplateVersionRead",
    "TemplateVersionWrite",
    "TemplateWrite",
    "TemplateWriteChannel",
    "TemplateWriteVersions",
    "TierAssign",
    "TierChangeOutcome",
    "TierCreate",
    "TierCreateTranslations",
    "TierMemberPage",
    "TierMemberRead",
    "TierPage",
    "TierPolicyRead",
    "TierPolicyReadMeasure",
    "TierPolicyWrite",
    "TierPolicyWriteMeasure",
    "TierProgress",
    "TierProgressMeasure",
    "TierRead",
    "TierReadTranslations",
    "TierUpdate",
    "TierUpdateTranslationsType0",
    "TimelineEventRead",
    "TimelineEventReadPayload",
    "TimelinePage",
    "TransferRead",
    "TransferRequest",
    "Translation",
    "UnitBalanceOutcome",
    "UnitBalanceRead",
    "UpliftInterval",
    "ValidationRead",
    "VisitorLink",
    "VisitorRead",
    "VisitRead",
    "VisitReadResult",
    "VoucherCheck",
    "VoucherRedeem",
    "VoucherRedemptionRead",
    "VoucherRedemptionReadKind",
    "VoucherRedemptionReadStatus",
    "VoucherRefusalRead",
    "WebhookDeliveryPage",
    "WebhookDeliveryRead",
    "WebhookDeliveryReadStatus",
    "WebhookEndpointCreate",
    "WebhookEndpointCreated",
    "WebhookEndpointPage",
    "WebhookEndpointRead",
    "WebhookEndpointUpdate",
    "WebhookSecretRotated",
    "WebVisit",
    "WebVisitPage",
    "WindowRead",
    "WindowReadKind",
    "WinnerRead",
    "WinnersRead",
)
