"""English demo texts."""

from sevai.demo.content import BILLING, BUSINESS, DELIVERIES, Pack, Problem, names

PROBLEMS = (
    Problem(
        "not_delivered",
        subjects=(
            "Parcel {tracking} shows delivered but I never received it",
            "Marked as delivered, nothing arrived (order {order})",
        ),
        message="""Hello, the tracking page for {tracking} says my parcel was delivered yesterday
        at 2:14 pm, but nothing arrived. I was at home all afternoon and I've asked my neighbours
        and the security desk in our building. There's no photo or signature on the tracking page
        either.

        Can you please find out where it actually went? It's order {order} and I need it this
        week.""",
        reply="""I'm sorry your parcel hasn't turned up. I've checked {tracking}: the driver scanned
        it as delivered at 14:14, but the GPS position of that scan is about 400 metres from your
        address, so it may have been left at the wrong building. I've opened an investigation with
        our {city} depot and asked the driver where exactly he left it. We'll get back to you
        within 48 hours.""",
        follow_up="""Thanks for looking into it. Still nothing here. The security guard says a
        courier left a box at Block C yesterday, could that be mine? My flat is in Block B.""",
        resolution="""Good news: the driver went back to Block C this morning, found your parcel
        with the security desk there and handed it to you at 11:05. I've also passed feedback to
        the depot so drivers double-check the block number. Sorry for the trouble!""",
        note="""Driver's POD photo shows the gate of Block C, customer lives in Block B. Asked
        the {city} depot supervisor to send the driver back before 12.""",
    ),
    Problem(
        "delayed",
        subjects=("Delivery delayed for {days} days, order {order}", "Where is {tracking}?"),
        message="""Hi, my parcel {tracking} was supposed to arrive on Monday. It's been stuck at
        "In transit - {city} hub" for {days} days now and the expected delivery date keeps moving.
        It's a birthday present, so I really need it by the weekend. What's going on?""",
        reply="""Thank you for your patience, and I'm sorry about the delay. Your parcel is at our
        {city} hub, which has had a backlog since the heavy rain earlier this week. I've flagged
        {tracking} as priority so it goes out on tomorrow's first run; you'll get an SMS with a
        delivery window in the morning.""",
        follow_up="""OK, thanks. Will it definitely arrive before Saturday? If not, I'd rather
        pick it up from the hub myself.""",
        resolution="""Your parcel is on the van today and the driver's window is 1-3 pm. If you'd
        still rather collect it, reply before 10 am and I'll hold it at the counter. As we missed
        the promised date, I've also refunded the express fee of {amount}.""",
        note="""{city} hub is about 2 days behind on outbound. Express fee refund OK'd by the team
        lead.""",
    ),
    Problem(
        "wrong_address",
        subjects=("Wrong address on shipment {tracking}", "Please change delivery address"),
        message="""Hello, I've just noticed that I typed the wrong house number when I booked
        shipment {tracking}: it should be 27, not 72, same street in {city}. Tracking says the
        parcel hasn't left the warehouse yet. Can you correct it before it goes out?""",
        reply="""Thanks for getting in touch before dispatch, that makes it easy. I've corrected
        the address on {tracking} and the warehouse will print a new label. Is the phone number on
        your booking the best one for the driver to call when he arrives?""",
        follow_up="""Great, thank you! Yes, that number is fine. Could you ask the driver to ring
        the bell twice? The intercom is broken.""",
        resolution="""All set: the corrected address and your note for the driver ("ring twice,
        intercom broken") are on the shipment, and it's scheduled for delivery tomorrow.""",
        note="""Address changed before the first scan, so no re-routing fee. Asked the warehouse
        to reprint the label.""",
    ),
    Problem(
        "damaged",
        subjects=("Parcel arrived damaged - order {order}", "Broken item in parcel {tracking}"),
        message="""Hi, my parcel {tracking} was delivered today but the box was crushed on one
        side and the glass jar inside is broken. The seller had packed it in bubble wrap, so this
        happened in transit. I've taken photos of the box, the label and the contents. How do I
        make a claim?""",
        reply="""I'm really sorry your order arrived like this. I've opened a damage claim for
        {tracking}. Please reply with the photos, and keep the box and packaging for 7 days in
        case our inspector needs to see them. Claims are usually decided within 5 working
        days.""",
        follow_up="""Here are the photos. Do I need to send the broken item back or can I throw
        it away? It's leaking.""",
        resolution="""Thank you for the photos. Your claim is approved and {amount} will be
        refunded to your original payment method within 5-7 working days. You can throw the
        broken item away safely; there's no need to send it back.""",
        note="""Photos show the outer box crushed, fragile sticker on it. Clear transit damage,
        claim within declared value.""",
    ),
    Problem(
        "refund",
        subjects=("Refund for cancelled shipment {tracking}", "Still waiting for my refund"),
        message="""Hello, I cancelled shipment {tracking} two weeks ago, before it was picked up,
        and I was told I'd get a refund of {amount}. Nothing has come back to my card yet. Could
        you check what happened to the refund, please?""",
        reply="""I've checked your account: the cancellation went through, but the first refund
        attempt was rejected by your card issuer because the card had been replaced. I've sent the
        refund again today; it usually takes 3-5 working days to show up.""",
        follow_up="""Thanks. Can you send me a refund reference so I can ask my bank if it
        doesn't arrive?""",
        resolution="""Of course: the refund reference is {ref}, for {amount}. Your bank can trace
        the payment with it. Thanks for your patience!""",
        note="""First refund bounced (card replaced). Reissued manually, ref {ref}.""",
    ),
    Problem(
        "double_charge",
        subjects=("Charged twice on invoice {invoice}", "Duplicate lines on our invoice"),
        message="""Hi Billing team, our invoice {invoice} for last month lists the shipments from
        the 12th to the 15th twice, so we were charged {amount} two times. I compared it with the
        shipment report in your portal: the same tracking numbers appear again at the bottom.
        Please check and send a corrected invoice.""",
        reply="""Thanks for spotting this, and sorry for the mix-up. You're right: those shipments
        were billed twice because of a duplicate import on our side. I've raised a credit note for
        {amount} to be applied to your next invoice. If you'd rather have a bank refund, just let
        me know.""",
        follow_up="""We'd prefer a refund to our bank account, please; our accounts team wants to
        close the month. Same account as on file.""",
        resolution="""Done: {amount} has been sent to the bank account on file, reference {ref},
        and the corrected invoice is in the portal under Billing > Invoices. Thanks again for
        letting us know.""",
        note="""The 12-15 batch was imported twice in the billing run. Credit note reversed,
        refunding to bank as the customer asked.""",
    ),
    Problem(
        "billing_details",
        subjects=("Please update our company name and tax number", "Change billing details"),
        message="""Hello, our registered company name has changed to {company} and we have a new
        VAT/GST number. Could you update our billing details so that invoices from this month
        onwards show the new name and number? I can send the registration certificate.""",
        reply="""Thanks for letting us know. Please send the registration certificate as a PDF
        and I'll update your billing profile. Invoices that were already issued can't be edited,
        but we can reissue last month's invoice if your accountant needs it.""",
        follow_up="""Certificate attached. Yes please, could you reissue invoice {invoice} with
        the new details too?""",
        resolution="""All updated: your account now shows {company} with the new tax number, and
        the reissued invoice {invoice} is in the portal. Future invoices will use the new
        details.""",
        note="""Checked the certificate against the company register, details match. Billing
        profile updated, invoice reissued.""",
    ),
    Problem(
        "onboarding",
        subjects=("Opening a business account for {company}", "Business account and rates"),
        message="""Hi, we're an online shop ({company}) sending about 300 parcels a month, mostly
        small packages under 2 kg. We'd like a business account with monthly invoicing and daily
        pickups from our warehouse in {city}. What documents do you need, and what rates can you
        offer?""",
        reply="""Thanks for considering us! For a business account we need your company
        registration, a tax certificate and the signed service agreement (attached). At about 300
        parcels a month you qualify for our Growth plan, with discounted rates and a free daily
        pickup. Your account manager will send you the rate card today.""",
        follow_up="""Thanks, the signed agreement and documents are attached. When can the first
        pickup happen? We have 40 orders waiting.""",
        resolution="""Your business account is active and the first pickup is booked for tomorrow
        between 3 and 5 pm. Login details for the business portal are on their way by email.
        Welcome aboard!""",
        note="""KYC documents verified, Growth plan approved. Pickup added to {city} route 4.""",
    ),
    Problem(
        "api_bulk",
        subjects=("API returns 429 when creating bulk shipments", "Bulk shipment API limits"),
        message="""Hello, we're connecting our warehouse system to your shipping API. After about
        100 shipments in a row through POST /v2/shipments we get HTTP 429 "Too Many Requests", and
        some labels are never generated. We ship around 1,500 parcels a day, so we need a bulk
        endpoint or a higher limit. Can you help?""",
        reply="""Thanks for the detailed report. The standard limit is 60 requests per minute per
        API key, which is what you're hitting. For your volume, please use POST
        /v2/shipments/batch: it takes up to 500 shipments per call and returns all labels in one
        PDF. I've also asked our integrations team to raise your limit.""",
        follow_up="""The batch endpoint works, thanks! But for some shipments the label URL in the
        response is empty. Is that expected, or are we doing something wrong?""",
        resolution="""Empty label URLs mean the label is still being generated; for big batches
        that can take up to 2 minutes. Poll GET /v2/batches/<batch id> or subscribe to the
        label.ready webhook. Your limit is now 300 requests per minute. Good luck with the
        go-live!""",
        note="""Raised their API key to 300/min. The docs don't mention the label delay, third
        customer asking this month.""",
    ),
    Problem(
        "pickup",
        subjects=("Pickup missed today, order {order}", "Please reschedule my pickup"),
        message="""Hi, I booked a pickup for today between 10 am and 1 pm for 3 boxes (order
        {order}), but nobody came and I waited at home all morning. Can you reschedule it for
        tomorrow morning? I can't be at home after 2 pm.""",
        reply="""I'm sorry the driver didn't come. Your area was short of a van this morning.
        I've rebooked your pickup for tomorrow between 9 am and 12 pm, and the driver will call
        30 minutes before arriving. You don't need to print new labels.""",
        follow_up="""Thanks. One box is a bit bigger than I declared: 60 cm long, not 50. Is that
        a problem?""",
        resolution="""No problem, I've updated the dimensions on the booking. The difference is
        {amount}, which will be added to your next payment; you don't need to do anything.""",
        note="""{city} route 7 missed 11 pickups today (van breakdown). Rebooked as priority.""",
    ),
    Problem(
        "customs",
        subjects=(
            "Why do I have to pay customs fees on {tracking}?",
            "Customs charge - is it real?",
        ),
        message="""Hello, I got a text asking me to pay {amount} for customs duty and handling
        before parcel {tracking} can be delivered. The seller told me all taxes were included. Is
        this message genuine? And what is the handling fee for?""",
        reply="""Yes, the message is genuine; it comes from our customs clearance team. The parcel
        was sent "delivery duties unpaid", so import duty and tax are charged on arrival: the
        amount is the duty set by customs plus our clearance fee. If the seller promised duties
        were included, they should refund you, and we can give you the receipt for that.""",
        follow_up="""I've paid it now. Please send me the customs receipt and a breakdown; I'm going
        to claim it back from the seller.""",
        resolution="""I've emailed you the customs receipt and an itemised breakdown. Your parcel
        has been released and will be delivered within 2 working days.""",
        note="""Shipper's invoice says DDU. Sent receipt and breakdown; customer will claim from
        the seller.""",
    ),
    Problem(
        "lost",
        subjects=("Parcel {tracking} lost? No updates for {days} days", "URGENT: missing parcel"),
        message="""Hi, parcel {tracking} hasn't had a tracking update for {days} days. The last
        scan says "Arrived at sorting centre, {city}". It contains documents I need for a visa
        appointment next week, so this is really urgent. Please tell me where it is.""",
        reply="""I completely understand how urgent this is. I've asked the {city} sorting centre
        to search for {tracking} by hand and marked the case high priority. Parcels without scans
        usually turn up within 24-48 hours. I'll update you tomorrow at the latest, even if there's
        no news yet.""",
        follow_up="""Any news? My appointment is on Thursday. If it's lost, I need a letter from
        you confirming it so I can rebook.""",
        resolution="""The sorting centre found your parcel: it had fallen behind a conveyor and
        missed its scans. It's going out today with priority delivery. If it hasn't arrived by 6
        pm, call us and we'll send the letter for your appointment straight away.""",
        note="""Asked {city} sorting for a manual search. {mention} please chase the night shift
        supervisor if there's no answer by 10.""",
    ),
    Problem(
        "cod",
        subjects=("COD remittance missing for last week", "Cash on delivery payment not received"),
        message="""Hello, we're a small seller using your cash on delivery service. Last week's COD
        remittance, {amount} for 37 delivered orders, hasn't reached our bank account; normally it
        arrives every Tuesday. The COD report in the portal also shows 3 orders as "cash
        collected" that aren't in any remittance. Please check.""",
        reply="""Thanks for flagging this. Last week's remittance was held because your bank
        details failed our verification check. Once you confirm the account name, number and bank
        code, we'll release the payment. The 3 orders you mention were collected by a driver who
        deposits on Mondays; they'll be in the same payment.""",
        follow_up="""Strange, we haven't changed anything. I've attached a letter from the bank
        with the account details. Can you release it sooner? We pay our suppliers on Friday.""",
        resolution="""Your bank details are verified and finance made an extra payment today:
        {amount}, reference {ref}, including the 3 missing orders. Remittances go back to every
        Tuesday from next week.""",
        note="""Verification failed on a name mismatch (trading name vs registered name). Finance
        approved an off-cycle payout.""",
    ),
    Problem(
        "returns",
        subjects=("Return pickup for order {order}", "How do I send back order {order}?"),
        message="""Hi, I want to return order {order} (shoes, wrong size). The shop told me to
        arrange the return with you. Can you send me a return label or collect it from my
        address? I can't get to a drop-off point this week.""",
        reply="""Of course. I've created a return for {order} and booked a pickup from your
        address tomorrow between 10 am and 4 pm. The driver will bring the return label, so you
        don't need a printer; just keep the shoes in their original box.""",
        follow_up="""The driver came but said the return wasn't on his list and left without it.
        Can you check?""",
        resolution="""Sorry about that: the return hadn't synced to the driver's app. It's fixed
        and rebooked for tomorrow. Once it's scanned, the shop usually refunds within 5 days.""",
        note="""Return didn't sync to the driver app (known issue with returns booked after 6 pm).
        Rebooked by hand.""",
    ),
)

PACK = Pack(
    code="en",
    greeting="Hi {name},",
    agent_signoff="Best regards,\n{agent}\n{brand} Customer Support",
    customer_signoffs=("Thanks,\n{name}", "Kind regards,\n{full}", "Cheers,\n{name}", "{full}"),
    chasers=(
        "Hi, any update on this? I haven't heard back yet.",
        "Hello? Is anyone looking at this? It's been more than a day.",
        "Just following up on my message above, could someone get back to me please?",
    ),
    reopens=(
        "Sorry, but this isn't sorted. Nothing has changed on my side since your last message.",
        "Hi again, tracking for {tracking} still shows the same status as before. Can you check?",
        "I thought this was done, but I've just had another email about the same thing. Help?",
    ),
    reopen_reply="""Thanks for letting us know, and sorry it isn't fixed yet. I've looked at it
    again and escalated it to my team lead; I'll get back to you today.""",
    reopen_resolution="""I've double-checked everything with the team and it's fully sorted now.
    Sorry again that it took two goes, and thank you for your patience.""",
    on_hold_notes={
        DELIVERIES: "Waiting for the {city} depot to reply. Putting this on hold until they do.",
        BILLING: "Waiting for finance to confirm the payment. On hold until they do.",
        BUSINESS: "Waiting for the integrations team to check the account. On hold until then.",
    },
    cities=("London", "Manchester", "Leicester", "Birmingham", "Leeds", "Bristol"),
    shops=("Little Fern Candles", "Brick Lane Prints", "Oak & Thread", "The Tea Caddy"),
    first_names=names(
        "Oliver James Emily Sophie Harry Charlotte Thomas Amelia Jack Grace Daniel Hannah "
        "Samuel Lucy Matthew Chloe Ben Ellie George Rachel Liam Megan Ryan Jessica"
    ),
    last_names=names(
        "Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson "
        "Evans Walker White Roberts Green Hall Wood Jackson Clarke Hughes Turner Cooper"
    ),
    problems=PROBLEMS,
)
