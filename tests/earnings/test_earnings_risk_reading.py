"""Whether a statement states a risk, on what topic, and which way it moves."""

from __future__ import annotations

import pytest

from earnings.document import QA, Statement
from earnings.risk_reading import read_risks, risk_topic, risks_of


def risks(text: str):
    return [r for r in read_risks(Statement(text=text, section=QA)) if r.is_risk]


@pytest.mark.parametrize(
    ("text", "topic"),
    [
        ("Inventory buildup risk: Inventories increased 80% sequentially in Q4, presenting a risk of potential "
         "overhang if demand slows.", "inventory"),
        ("Reliance on a single foundry partner and limited substrate supply could constrain our output.", "supply"),
        ("Tariffs could pressure our margins in the second half.", "tariffs"),
        ("Main cabin demand softness is persisting into the summer.", "demand"),
        ("Shoppers remain cautious on discretionary categories such as home and apparel.", "demand"),
        ("The FDA issued a warning letter to our Galway plant.", "regulation"),
        ("Further steel increases could pressure gross margin in the second half.", "costs"),
        ("A stronger dollar could weigh on reported revenue, with currency headwinds of about two points.", "fx"),
        ("We may not be able to refinance our debt maturities on acceptable terms.", "liquidity"),
        ("New export restrictions on shipments to China could reduce our data center revenue next year.", "export_controls"),
        ("We lost a shelf-space placement at a key retailer, which will weigh on volumes next year.", "demand"),
        ("Management also cited a new FDA inquiry into labeling claims on its protein bars.", "investigations"),
        ("One of our largest cloud customers will pause new deployments, which will weigh on first quarter revenue.", "customer_concentration"),
        ("Lower reimbursement rates from two large insurers began in May, and we expect that pressure to last through next year.", "pricing"),
        ("In March we received a civil investigative demand from the Department of Justice about our billing practices.", "investigations"),
        ("We are cooperating fully with the review the state attorney general opened in June.", "investigations"),
        ("Our biggest telecom customer told us in May that it will bring its network testing in-house from next year.", "customer_concentration"),
        ("One of our top five customers has decided not to renew its master services agreement when it expires.", "customer_concentration"),
        ("Longer sales cycles with public-sector buyers pushed out several large renewals.", "demand"),
        ("The new union contract at our Ohio plants will raise labor costs by roughly $30 million a year.", "costs"),
        ("In May we suffered a ransomware attack that took our ordering systems offline for a week.", "cyber"),
        ("In July the company was named as a defendant in a putative securities class action.", "litigation"),
        ("Last month the FDA issued a complete response letter for our lead product candidate.", "regulation"),
        ("These conditions raise substantial doubt about our ability to continue as a going concern.", "going_concern"),
    ],
)
def test_a_possible_or_present_harm_is_a_risk_with_its_topic(text: str, topic: str) -> None:
    [risk] = risks(text)
    assert risk.topic == topic


@pytest.mark.parametrize(
    "text",
    [
        "Revenue grew 47% sequentially to $113.1 million.",
        "Adjusted EBITDA margin decreased three percentage points to 18%.",
        "Management believes the company is well positioned against competitors.",
        "We do not see any material impact from tariffs this year.",
        "Despite a choppy start to the quarter, we delivered record revenue.",
        "What are you seeing in demand softness in Europe?",
        "We expect about $35 million of annual savings, mostly from lower freight and tariff costs.",
        "The quarter came in below our plan, mainly because of order push-outs and softer demand in Spain.",
        "Customer inquiries for the new line remain strong heading into the holidays.",
        "In a more challenging environment, our competitors will be more constrained in capital, and keeping up will be "
        "more difficult for them, which will widen our lead.",
    ],
)
def test_results_denials_overcome_harms_and_questions_are_not_risks(text: str) -> None:
    assert risks(text) == []


def test_a_harm_conceded_and_answered_by_strength_is_not_a_risk() -> None:
    assert risks("While we experienced a slowdown in May, we did see momentum build as our marketing rolled out.") == []
    assert risks("Construction soft in spots (Europe weak), but North America healthy.") == []


def test_each_clause_of_a_summary_note_is_its_own_risk() -> None:
    found = read_risks(Statement(text="Tariffs are the primary profitability headwind in H2; Europe weakness; "
                                      "coal price pressure on mining rebuilds", section=QA))
    assert len(found) == 3


def test_worsening_and_easing_are_read_from_the_words() -> None:
    [worse] = risks("Consumer sentiment in mainland China weakened further in the quarter.")
    assert worse.worsening
    [eased] = read_risks(Statement(text="Shortages of electrical steel have eased as a second mill qualified.", section=QA))
    assert eased.easing and not eased.worsening
    [relieved] = read_risks(Statement(text="Servo supply is no longer a constraint on our shipments.", section=QA))
    assert relieved.easing
    # eased now, though the sentence looks back at last quarter
    [since] = read_risks(Statement(text="The component shortages we described on our last call have mostly eased, and deliveries caught up in May.", section=QA))
    assert since.easing and since.topic == "supply"
    [spread] = risks("The lengthening deal cycles we saw in Europe have spread to North American accounts.")
    assert spread.worsening and spread.topic == "demand"
    [neutral] = read_risks(Statement(text="We now assume foreign exchange will be roughly neutral for the full year.", section=QA))
    assert neutral.easing and neutral.topic == "fx"


def test_a_calendar_or_translation_effect_weighs_less_than_a_risk() -> None:
    assert risks("Currency translation is expected to dilute EPS by 4 cents.") == []


def test_the_topic_is_the_one_with_the_most_cues() -> None:
    assert risk_topic("tariffs and duties on imports from China") == "tariffs"
    assert risk_topic("nothing of the kind") == ""


@pytest.mark.parametrize(("text", "topic"), [
    ("Inventory levels in the channel remain elevated, and we expect customers to continue destocking.", "inventory"),
    ("We expect pricing to remain competitive as new entrants expand capacity.", "competition"),
    ("The market has become increasingly competitive.", "competition"),
    ("We entered into an amendment to our credit agreement that waives the leverage covenant through Q2.", "liquidity"),
])
def test_channel_destocking_competitive_pressure_and_covenant_waivers_are_risks(text: str, topic: str) -> None:
    assert [r.topic for r in risks_of(text)] == [topic]


def test_a_company_that_stays_competitive_states_no_risk() -> None:
    assert risks_of("We remain competitive on price and gained share.") == ()


def test_challenging_consumption_is_a_demand_risk() -> None:
    assert [r.topic for r in risks_of("Sales growth is expected towards the lower end of the range, due to challenging market consumption trends.")] == ["demand"]


def test_broader_economic_uncertainty_is_a_risk_grown_worse() -> None:
    [risk] = risks_of("We expect broader economic uncertainty to weigh on travel demand in the second half.")
    assert risk.worsening


def test_profits_said_to_be_lower_ahead_because_of_a_cost_are_a_risk() -> None:
    text = "Management said profits in the second half would be lower than in the first half because of higher tariff costs."
    assert [r.topic for r in risks_of(text)] == ["tariffs"]


@pytest.mark.parametrize(("text", "is_risk"), [
    ("Tariffs reduced gross margin by 80 basis points in the quarter.", True),
    ("Import duties reduced operating profit by about $12 million in the third quarter.", True),
    ("Gross margin was 41.2%, down 90 basis points, as we lapped a one-time benefit.", False),
])
def test_a_levy_put_at_a_size_is_a_harm_present_now_even_told_in_the_past(text: str, is_risk: bool) -> None:
    assert bool(risks_of(text)) is is_risk


@pytest.mark.parametrize("text", [
    "Automotive inventory digestion is largely complete in North America.",
    "Customer destocking is now largely behind us.",
    "Industrial end markets appear to be bottoming, and the channel inventory correction is over.",
])
def test_a_correction_said_to_have_run_its_course_eases_the_risk(text: str) -> None:
    assert any(r.easing for r in risks_of(text))


def test_a_recovery_slower_than_expected_is_a_macro_risk_grown_worse() -> None:
    [risk] = risks_of("The recovery in the second half is now expected to be slower than previously anticipated.")
    assert (risk.topic, risk.worsening) == ("macro", True)


@pytest.mark.parametrize(("text", "topic"), [
    ("Freight costs have gone up meaningfully in the last few weeks.", "costs"),
    ("Our Chief Financial Officer, Jane Doe, has resigned to pursue other opportunities.", "management"),
    ("The CFO will be leaving the company at the end of the year.", "management"),
    ("Visibility remains limited and we are taking a cautious approach to the second half.", "macro"),
])
def test_rising_costs_a_sudden_departure_and_limited_visibility_are_risks(text: str, topic: str) -> None:
    assert [r.topic for r in risks_of(text)] == [topic]


@pytest.mark.parametrize("text", [
    "Jim Smith will retire as CEO after a long-planned succession.",
    "We thank our CFO for her leadership.",
    "SG&A expenses rose 4% to $210 million.",
])
def test_a_planned_succession_thanks_and_a_reported_expense_are_no_risks(text: str) -> None:
    assert risks_of(text) == ()


@pytest.mark.parametrize("text", [
    "Recall, when we offer free delivery, we may have some people that are doing current pickup getting delivery.",
    "You'll recall that we reached agreement with a large customer to reduce their volume in our network.",
])
def test_recall_as_remember_is_no_product_recall(text: str) -> None:
    assert [r.topic for r in risks_of(text) if r.topic == "quality"] == []


def test_a_voluntary_recall_is_a_quality_risk() -> None:
    assert [r.topic for r in risks_of("We initiated a voluntary recall of 2 million vehicles.")] == ["quality"]


def test_helping_customers_avoid_disruptions_is_no_risk() -> None:
    assert risks_of("Our brokerage technology helped our customers avoid border disruptions.") == ()


@pytest.mark.parametrize(("text", "topic"), [
    ("No significant impact from tariffs or macroeconomic factors.", "tariffs"),
    ("Expectations of market stabilization and resilience in the Middle East.", "macro"),
])
def test_no_real_impact_and_a_market_stabilizing_are_easings(text: str, topic: str) -> None:
    [risk] = risks_of(text)
    assert (risk.topic, risk.easing) == (topic, True)


def test_a_stabilization_still_awaited_is_no_easing() -> None:
    assert not any(r.easing for r in risks_of("It is difficult to forecast the timing of market stabilization."))


def test_shipments_halted_for_the_rest_of_the_year_are_a_present_harm() -> None:
    [risk] = risks_of("There will be no shipments of the vaccine to China for the remainder of the year.")
    assert risk.topic == "demand" and not risk.easing


@pytest.mark.parametrize("text", [
    "Automotive market recovery remains shallow, with no significant recovery yet observed.",
    "We continue to see a muted recovery in industrial end markets.",
    "The world is in a wait-and-see mode and is facing a more negative macro outlook than anyone had anticipated.",
    "But I would say that most clients are pausing their plans.",
])
def test_a_shallow_recovery_a_worse_outlook_and_clients_pausing_are_risks_not_easings(text: str) -> None:
    [risk] = risks_of(text)
    assert not risk.easing


@pytest.mark.parametrize("text", [
    "Our risk management framework is strong and our risk-adjusted returns improved.",
    "We remain steadfast on our strategy, and at the risk of repeating myself, we will keep investing.",
])
def test_risk_said_as_an_idiom_is_no_risk(text: str) -> None:
    assert risks_of(text) == ()


@pytest.mark.parametrize("text", [
    "Tax Liability: Disputed $4.6 billion tax claim from the IRS, ongoing appeal process.",
    "The IRS issued a notice of proposed adjustment for the 2019 tax year.",
])
def test_a_tax_dispute_with_the_authorities_is_a_litigation_risk(text: str) -> None:
    assert [r.topic for r in risks_of(text)] == ["litigation"]


def test_an_insurers_claims_patterns_are_no_litigation() -> None:
    assert risk_topic("utilization running higher, very consistent with the claims patterns we called out") != "litigation"
    assert risk_topic("we face claims from plaintiffs in several courts") == "litigation"


@pytest.mark.parametrize("text", [
    "Cost control stays a priority even if steel tariffs go to lower levels.",
    "In the event of tariff reductions, the benefit would run from the relief date.",
])
def test_an_easing_only_supposed_is_no_easing(text: str) -> None:
    assert not any(r.easing for r in read_risks(Statement(text=text, section=QA)))
