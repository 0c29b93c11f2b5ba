"""What agents write to each other in internal notes. The team's working language is English."""

from sevai.demo.content import BILLING, BUSINESS, DELIVERIES

TRANSFER_NOTES = {
    DELIVERIES: (
        "Nothing wrong on the billing side, the problem is the parcel itself. Handing over to "
        "Deliveries.",
        "This needs someone who can talk to the depot. Moving to Deliveries.",
    ),
    BILLING: (
        "This is about a charge, not the delivery. Moving it to Billing.",
        "Customer is asking about money owed to them, so Billing should own this one.",
        "{mention} this one is yours really: refund/charge question. Transferring to Billing.",
    ),
    BUSINESS: (
        "Customer is on a business contract, Business accounts should handle this.",
        "Integration question, over to Business accounts. {mention} FYI.",
    ),
}

HANDOVER_NOTES = (
    "{mention} can you take this one over? I'm off tomorrow and it needs an answer.",
    "Reassigning to {mention}, who handled this customer's last ticket.",
    "{mention} you know this account best, passing it to you.",
)

FINANCE_REQUESTS = (
    "{mention} could you approve a refund of {amount} for this customer? Details above.",
    "{mention} refund of {amount} needs your OK before I confirm it to the customer.",
)

FINANCE_APPROVALS = (
    "Approved. {mention} go ahead and confirm it to the customer.",
    "OK from finance, {amount} will go out in today's payment run. {mention}",
)

FYI_NOTES = (
    "{mention} FYI, VIP customer. Please keep an eye on this one.",
    "{mention} second ticket from this customer this month, let's make sure it's sorted properly.",
    "{mention} have we seen this before? Sounds like the same issue as last week.",
)
