"""Tagalog demo texts, written the way Filipino customers and agents write (Taglish included)."""

from sevai.demo.content import BILLING, BUSINESS, DELIVERIES, Pack, Problem, names

PROBLEMS = (
    Problem(
        "not_delivered",
        subjects=(
            "Parcel {tracking} naka-Delivered pero hindi ko natanggap",
            "Delivered daw pero walang dumating (order {order})",
        ),
        message="""Hi po, yung tracking ng {tracking} ay nagsasabing na-deliver na kahapon ng 2:14
        pm, pero wala naman pong dumating. Nasa bahay lang po ako buong hapon at tinanong ko na rin
        ang mga kapitbahay at yung guard sa building namin. Wala ring picture o pirma sa tracking
        page.

        Pakihanap naman po kung saan talaga napunta. Order {order} po ito at kailangan ko ngayong
        linggo.""",
        reply="""Pasensya na po at hindi pa dumarating ang parcel ninyo. Chineck ko po ang
        {tracking}: na-scan ito ng rider bilang delivered ng 14:14, pero ang GPS ng scan ay mga 400
        metro ang layo sa address ninyo, kaya baka sa ibang building ito naiwan. Nag-open na po
        kami ng investigation sa {city} hub at tinanong na namin ang rider kung saan niya iniwan.
        Babalikan po namin kayo within 48 hours.""",
        follow_up="""Salamat po sa pag-check. Wala pa rin po dito. Sabi ng guard, may courier daw
        na nag-iwan ng box sa Block C kahapon, baka po yun yung akin? Sa Block B po ako
        nakatira.""",
        resolution="""Good news po: bumalik ang rider sa Block C kaninang umaga, nakuha ang parcel
        ninyo sa guard doon at naiabot na sa inyo ng 11:05. Nag-feedback na rin po kami sa hub
        para i-double check ng mga rider ang block number. Pasensya na po sa abala!""",
        note="""Sa POD photo ng rider, gate ng Block C ang kita; sa Block B nakatira ang customer.
        Pinakiusapan ko ang supervisor ng {city} hub na pabalikin ang rider bago mag-12.""",
    ),
    Problem(
        "delayed",
        subjects=("{days} araw nang delayed ang order {order}", "Nasaan na po ang {tracking}?"),
        message="""Hi po, dapat Monday pa dumating ang parcel kong {tracking}. {days} araw na itong
        naka-"In transit" sa {city} hub at paurong nang paurong ang expected delivery date.
        Birthday gift po ito kaya kailangan ko talaga bago mag-weekend. Ano po ba ang
        nangyayari?""",
        reply="""Salamat po sa pasensya, at pasensya na po sa delay. Nasa {city} hub po ang parcel
        ninyo; nagkaroon ng backlog doon dahil sa malakas na ulan nitong linggo. Na-flag ko na po
        ang {tracking} as priority para maisama sa unang biyahe bukas. Makakatanggap po kayo ng SMS
        na may delivery window bukas ng umaga.""",
        follow_up="""Sige po, salamat. Sigurado po bang darating bago mag-Sabado? Kung hindi,
        kukunin ko na lang po sa hub.""",
        resolution="""Nasa van na po ang parcel ninyo ngayon, at 1-3 pm ang window ng rider. Kung
        gusto pa rin ninyong kunin, mag-reply lang po bago mag-10 am at itatabi ko sa counter.
        Dahil hindi namin natupad ang ipinangakong petsa, ni-refund na rin po namin ang express fee
        na {amount}.""",
        note="""Mga 2 araw na late ang outbound ng {city} hub. Approved ng team lead ang refund ng
        express fee.""",
    ),
    Problem(
        "wrong_address",
        subjects=("Mali ang address sa shipment {tracking}", "Pakipalitan po ang delivery address"),
        message="""Hello po, napansin ko lang na mali ang house number na na-type ko nung nag-book
        ako ng shipment {tracking}: 27 po dapat, hindi 72, parehong street sa {city}. Sabi ng
        tracking hindi pa umaalis sa warehouse ang parcel. Pwede po bang maitama bago
        i-dispatch?""",
        reply="""Salamat po at nag-message kayo bago ma-dispatch, madali po itong ayusin. Naitama
        ko na po ang address sa {tracking} at magpi-print ang warehouse ng bagong label. Yung
        number po ba na nasa booking ang pinakamainam na tawagan ng rider pagdating niya?""",
        follow_up="""Ay salamat po! Opo, okay na yung number na yun. Pakisabi na lang po sa rider
        na mag-doorbell ng dalawang beses, sira po kasi ang intercom.""",
        resolution="""Ayos na po: nasa shipment na ang tamang address at ang note ninyo para sa
        rider ("dalawang beses mag-doorbell, sira ang intercom"). Naka-schedule po itong ma-deliver
        bukas.""",
        note="""Napalitan ang address bago ang first scan, kaya walang re-routing fee. Pina-reprint
        ko na ang label sa warehouse.""",
    ),
    Problem(
        "damaged",
        subjects=(
            "Sira ang parcel pagdating - order {order}",
            "Basag ang laman ng parcel {tracking}",
        ),
        message="""Hi po, na-deliver ngayon ang parcel kong {tracking} pero yupi ang isang side ng
        box at basag ang garapon sa loob. Naka-bubble wrap naman po ito galing sa seller, kaya sa
        biyahe talaga nangyari. Kinunan ko na po ng picture ang box, ang label at ang laman. Paano
        po mag-file ng claim?""",
        reply="""Pasensya na po talaga at ganito ang dating ng order ninyo. Nag-open na po ako ng
        damage claim para sa {tracking}. Paki-reply na lang po ng mga picture, at pakitabi ang box
        at packaging nang 7 araw kung sakaling kailanganin ng inspector namin. Karaniwan pong
        nade-decide ang claim within 5 working days.""",
        follow_up="""Heto na po ang mga picture. Kailangan ko pa po bang ibalik ang basag na item
        o pwede ko nang itapon? Tumatagas na po kasi.""",
        resolution="""Salamat po sa mga picture. Approved na po ang claim ninyo, at ire-refund ang
        {amount} sa original payment method ninyo within 5-7 working days. Pwede na po ninyong
        itapon nang maayos ang basag na item, hindi na kailangang ibalik.""",
        note="""Kita sa pictures na yupi ang outer box, may fragile sticker pa. Malinaw na transit
        damage, pasok sa declared value ang claim.""",
    ),
    Problem(
        "refund",
        subjects=(
            "Refund para sa na-cancel na shipment {tracking}",
            "Wala pa rin po ang refund ko",
        ),
        message="""Hello po, na-cancel ko ang shipment {tracking} dalawang linggo na ang nakaraan,
        bago pa ma-pick up, at sinabihan ako na makakakuha ako ng refund na {amount}. Hanggang
        ngayon po wala pang pumapasok sa GCash ko. Pakicheck naman po kung ano na ang nangyari sa
        refund.""",
        reply="""Chineck ko na po ang account ninyo: pumasok po ang cancellation, pero na-reject
        ang unang refund attempt dahil hindi na-verify ang GCash number. Ipinadala ko na po ulit
        ang refund ngayon; karaniwan pong 3-5 working days bago pumasok.""",
        follow_up="""Salamat po. Pwede po bang pahingi ng refund reference para may maipakita ako
        kung sakaling hindi dumating?""",
        resolution="""Sige po: ang refund reference ay {ref}, para sa {amount}. Gamit ito,
        matutunton ang payment. Salamat po sa pasensya!""",
        note="""Bumalik ang unang refund (hindi verified ang GCash). Manual na pinadala ulit, ref
        {ref}.""",
    ),
    Problem(
        "double_charge",
        subjects=(
            "Dalawang beses na-charge sa invoice {invoice}",
            "Doble ang lines sa invoice namin",
        ),
        message="""Hi Billing team, sa invoice {invoice} namin para sa nakaraang buwan, dalawang
        beses nakalista ang mga shipment mula 12 hanggang 15, kaya dalawang beses kaming na-charge
        ng {amount}. Kinumpara ko sa shipment report sa portal ninyo: umuulit sa baba ang parehong
        tracking numbers. Pakicheck po at padalhan kami ng corrected invoice.""",
        reply="""Salamat po sa pag-report nito, at pasensya na sa pagkakamali. Tama po kayo:
        dalawang beses na-bill ang mga shipment na yun dahil sa duplicate import sa side namin.
        Nag-issue na po ako ng credit note na {amount} na ibabawas sa susunod ninyong invoice. Kung
        mas gusto po ninyo ng refund sa bank account, sabihan lang po ako.""",
        follow_up="""Mas okay po sa amin ang refund sa bank account, para ma-close na ng accounting
        namin ang buwan. Parehong account lang po na naka-file.""",
        resolution="""Done na po: naipadala na ang {amount} sa bank account na naka-file,
        reference {ref}, at nasa portal na ang corrected invoice sa Billing > Invoices. Salamat po
        ulit sa pagsabi.""",
        note="""Dalawang beses na-import ang batch ng 12-15 sa billing run. Ni-reverse ang credit
        note, refund sa bank gaya ng hiling ng customer.""",
    ),
    Problem(
        "billing_details",
        subjects=(
            "Paki-update po ang company name at TIN sa invoice",
            "Pagpalit ng billing details",
        ),
        message="""Hello po, nagbago na ang registered name ng company namin, {company} na po, at
        may bago rin kaming TIN. Pwede po bang i-update ang billing details para simula ngayong
        buwan, yung bagong pangalan at TIN na ang nasa invoice? Ipapadala ko po ang BIR certificate
        namin.""",
        reply="""Salamat po sa pagsabi. Paki-send po ng BIR certificate (Form 2303) as PDF at
        ia-update ko ang billing profile ninyo. Hindi na po mababago ang mga invoice na na-issue
        na, pero pwede naming i-reissue ang invoice noong nakaraang buwan kung kailangan ng
        accountant ninyo.""",
        follow_up="""Naka-attach na po ang certificate. Opo, paki-reissue na rin po ang invoice
        {invoice} na may bagong details.""",
        resolution="""Updated na po lahat: {company} at ang bagong TIN na ang nasa account ninyo,
        at nasa portal na ang reissued invoice {invoice}. Ang mga susunod na invoice ay gagamit na
        ng bagong details.""",
        note="""Tugma ang Form 2303 sa details na binigay. Updated ang billing profile, reissued
        ang invoice.""",
    ),
    Problem(
        "onboarding",
        subjects=("Pagbukas ng business account para sa {company}", "Business account at rates"),
        message="""Hi po, online shop po kami ({company}) at mga 300 parcels ang pinapadala namin
        kada buwan, karamihan maliliit, below 2 kg. Gusto po sana naming magbukas ng business
        account na may monthly billing at daily pickup mula sa warehouse namin sa {city}. Anong
        documents po ang kailangan at magkano po ang rates?""",
        reply="""Salamat po sa pagpili sa amin! Para sa business account, kailangan po namin ang
        DTI o SEC registration, BIR certificate, at ang pirmadong service agreement (naka-attach).
        Sa mga 300 parcels kada buwan, pasok po kayo sa Growth plan namin na may discounted rates
        at libreng daily pickup. Ipapadala po ng account manager ninyo ang rate card ngayong
        araw.""",
        follow_up="""Salamat po, naka-attach na ang pirmadong agreement at mga documents. Kailan po
        pwede ang unang pickup? May 40 orders na po kaming naghihintay.""",
        resolution="""Active na po ang business account ninyo at naka-book na ang unang pickup
        bukas, 3 hanggang 5 pm. Papunta na po sa email ninyo ang login details ng business portal.
        Welcome po sa {brand}!""",
        note="""Verified ang KYC documents, approved ang Growth plan. Naidagdag ang pickup sa
        {city} route 4.""",
    ),
    Problem(
        "api_bulk",
        subjects=("API nagbabalik ng 429 sa bulk shipments", "Limit ng bulk shipment API"),
        message="""Hello po, kinokonekta namin ang warehouse system namin sa shipping API ninyo.
        Pagkatapos ng mga 100 sunod-sunod na shipment sa POST /v2/shipments, nagkaka-HTTP 429 "Too
        Many Requests" na kami at may mga label na hindi nage-generate. Mga 1,500 parcels kada araw
        ang pinapadala namin, kaya kailangan namin ng bulk endpoint o mas mataas na limit.
        Matutulungan niyo po ba kami?""",
        reply="""Salamat po sa detalyadong report. 60 requests per minute per API key ang standard
        limit, at yun po ang natatamaan ninyo. Para sa volume ninyo, gamitin po ang POST
        /v2/shipments/batch: hanggang 500 shipments kada call at iisang PDF ang labels.
        Pinakiusapan ko na rin po ang integrations team namin na taasan ang limit ninyo.""",
        follow_up="""Gumagana na po ang batch endpoint, salamat! Pero sa ibang shipment, empty ang
        label URL sa response. Normal po ba yun, o may mali kami?""",
        resolution="""Kapag empty ang label URL, ibig sabihin po ay nage-generate pa ang label; sa
        malalaking batch, pwedeng umabot ng 2 minuto. I-poll po ang GET /v2/batches/<batch id> o
        mag-subscribe sa label.ready webhook. 300 requests per minute na po ang limit ninyo. Good
        luck po sa go-live!""",
        note="""Tinaasan ko sa 300/min ang API key nila. Walang nakasulat sa docs tungkol sa delay
        ng label, pangatlong customer na itong nagtanong ngayong buwan.""",
    ),
    Problem(
        "pickup",
        subjects=("Hindi dumating ang pickup ngayon, order {order}", "Pa-reschedule po ng pickup"),
        message="""Hi po, nag-book ako ng pickup ngayong araw, 10 am hanggang 1 pm, para sa 3 box
        (order {order}), pero walang dumating kahit naghintay ako sa bahay buong umaga. Pwede po
        bang i-reschedule bukas ng umaga? Wala na po ako sa bahay pagkalipas ng 2 pm.""",
        reply="""Pasensya na po at hindi nakarating ang rider. Kulang po ng isang van sa area
        ninyo kaninang umaga. Na-rebook ko na po ang pickup ninyo bukas, 9 am hanggang 12 nn, at
        tatawag ang rider 30 minuto bago dumating. Hindi na po kailangang mag-print ng bagong
        label.""",
        follow_up="""Salamat po. Medyo mas malaki po pala ang isang box kaysa sa na-declare ko: 60
        cm ang haba, hindi 50. Problema po ba yun?""",
        resolution="""Walang problema po, na-update ko na ang dimensions sa booking. {amount} ang
        difference, idadagdag po sa susunod ninyong bayad; wala na po kayong kailangang gawin.""",
        note="""11 pickups ang na-miss ng {city} route 7 ngayon (nasiraan ng van). Na-rebook as
        priority.""",
    ),
    Problem(
        "customs",
        subjects=("Bakit po may customs fee ang {tracking}?", "Totoo po ba itong customs charge?"),
        message="""Hello po, may natanggap akong text na magbayad daw ako ng {amount} para sa
        customs duty at handling bago ma-deliver ang parcel {tracking}. Sabi ng seller kasama na
        raw lahat ng tax sa presyo. Legit po ba itong text? At para saan po ang handling fee?""",
        reply="""Opo, legit po ang text; galing po ito sa customs clearance team namin. "Delivery
        duties unpaid" po ang pagkakapadala ng parcel, kaya sinisingil ang import duty at tax
        pagdating dito: ang halaga ay ang duty na itinakda ng Bureau of Customs plus ang clearance
        fee namin. Kung sinabi ng seller na kasama na ang duties, sila po dapat ang mag-refund sa
        inyo, at bibigyan namin kayo ng resibo para doon.""",
        follow_up="""Nabayaran ko na po. Pakisend po ng customs receipt at breakdown, sisingilin
        ko po sa seller.""",
        resolution="""Na-email ko na po sa inyo ang customs receipt at itemized breakdown.
        Na-release na po ang parcel ninyo at made-deliver within 2 working days.""",
        note="""DDU ang nakalagay sa invoice ng shipper. Pinadala ang resibo at breakdown;
        magke-claim ang customer sa seller.""",
    ),
    Problem(
        "lost",
        subjects=(
            "Nawawala po ba ang parcel {tracking}?",
            "URGENT: {days} araw nang walang update",
        ),
        message="""Hi po, {days} araw nang walang tracking update ang parcel {tracking}. Ang huling
        scan ay "Arrived at sorting center, {city}". May laman po itong documents na kailangan ko
        sa visa appointment ko next week, kaya urgent po talaga. Pakisabi po kung nasaan na.""",
        reply="""Naiintindihan ko po kung gaano ito ka-urgent. Pinahanap ko na po nang mano-mano
        ang {tracking} sa {city} sorting center at minarkahan ko ang kaso as high priority.
        Karaniwan pong nahahanap ang mga parcel na walang scan within 24-48 hours. Magbibigay po
        ako ng update bukas sa pinakahuli, kahit wala pang balita.""",
        follow_up="""May balita na po ba? Thursday na po ang appointment ko. Kung nawala na talaga,
        kailangan ko po ng sulat mula sa inyo para makapag-rebook.""",
        resolution="""Nahanap na po ng sorting center ang parcel ninyo: nahulog ito sa likod ng
        conveyor kaya walang scan. Ipapadala po ito ngayon via priority delivery. Kung wala pa
        pagsapit ng 6 pm, tawagan lang po kami at ipapadala agad namin ang sulat para sa
        appointment ninyo.""",
        note="""Humingi ng manual search sa {city} sorting. {mention} pakihabol ang night shift
        supervisor kung walang sagot bago mag-10.""",
    ),
    Problem(
        "cod",
        subjects=("Wala pa ang COD remittance last week", "Hindi pa namin natatanggap ang COD"),
        message="""Hello po, maliit na seller po kami na gumagamit ng cash on delivery service
        ninyo. Ang COD remittance noong nakaraang linggo, {amount} para sa 37 delivered orders, ay
        hindi pa pumapasok sa bank account namin; karaniwang dumarating ito tuwing Martes. Sa COD
        report sa portal, may 3 order din na "cash collected" pero wala sa kahit anong remittance.
        Pakicheck po.""",
        reply="""Salamat po sa pag-flag nito. Na-hold po ang remittance noong nakaraang linggo
        dahil hindi pumasa sa verification ang bank details ninyo. Kapag na-confirm na po ninyo ang
        account name, account number at bangko, ire-release namin ang bayad. Yung 3 order na
        binanggit ninyo ay kinolekta ng rider na tuwing Lunes nagde-deposit; kasama po ang mga yun
        sa parehong bayad.""",
        follow_up="""Nakakapagtaka po, wala naman kaming binago. Naka-attach po ang bank
        certificate na may account details. Pwede po bang mas maagang i-release? Sa Friday po kasi
        kami magbabayad sa suppliers.""",
        resolution="""Verified na po ang bank details ninyo at nag-extra payment ang finance
        ngayong araw: {amount}, reference {ref}, kasama na ang 3 kulang na order. Simula next week,
        babalik na po sa tuwing Martes ang remittance.""",
        note="""Bumagsak ang verification dahil hindi tugma ang pangalan (trade name vs registered
        name). Approved ng finance ang off-cycle payout.""",
    ),
    Problem(
        "returns",
        subjects=("Return pickup para sa order {order}", "Paano po ibalik ang order {order}?"),
        message="""Hi po, gusto ko pong i-return ang order {order} (sapatos, mali ang size). Sabi
        ng shop, sa inyo raw ako mag-arrange ng return. Pwede po bang padalhan ako ng return label
        o kunin na lang sa address ko? Hindi po ako makakapunta sa drop-off point ngayong
        linggo.""",
        reply="""Sige po. Nakagawa na po ako ng return para sa {order} at naka-book na ang pickup
        sa address ninyo bukas, 10 am hanggang 4 pm. Dala na po ng rider ang return label kaya
        hindi na kailangan ng printer; ilagay lang po ang sapatos sa original na box.""",
        follow_up="""Dumating po ang rider pero wala raw sa listahan niya ang return, kaya umalis
        siya nang hindi ito kinukuha. Pakicheck po?""",
        resolution="""Pasensya na po, hindi pala nag-sync sa app ng rider ang return. Naayos na po
        at na-rebook bukas. Pagka-scan, karaniwang nagre-refund ang shop within 5 days.""",
        note="""Hindi nag-sync sa rider app ang return (known issue sa returns na na-book after 6
        pm). Mano-manong ni-rebook.""",
    ),
)

PACK = Pack(
    code="tl",
    greeting="Magandang araw po, {name}!",
    agent_signoff="Salamat po,\n{agent}\n{brand} Customer Support",
    customer_signoffs=("Salamat po,\n{name}", "Thank you po,\n{full}", "{full}"),
    chasers=(
        "Hi po, may update na po ba dito? Wala pa po akong natatanggap na sagot.",
        "Hello? May nakakabasa po ba nito? Mahigit isang araw na po.",
        "Follow up ko lang po yung message ko sa taas, sana po may sumagot na.",
    ),
    reopens=(
        "Pasensya na po, pero hindi pa rin naaayos. Walang nagbago mula sa huling message niyo.",
        "Hi ulit po, ganun pa rin po ang status ng tracking ng {tracking}. Pakicheck po ulit.",
        "Akala ko okay na po ito, pero may natanggap na naman akong email tungkol dito.",
    ),
    reopen_reply="""Salamat po sa pagsabi, at pasensya na po na hindi pa ito naaayos. Chineck ko
    po ulit at in-escalate ko na sa team lead namin; babalikan ko po kayo ngayong araw.""",
    reopen_resolution="""Na-double check na po namin ng team ang lahat at ayos na po talaga ito
    ngayon. Pasensya na po ulit na dalawang beses kayong kinailangang mag-message, at salamat po
    sa pasensya ninyo.""",
    on_hold_notes={
        DELIVERIES: "Hinihintay pa ang sagot ng {city} hub. Naka-on hold muna habang wala pa.",
        BILLING: "Hinihintay pa ang confirmation ng finance sa payment. Naka-on hold muna.",
        BUSINESS: "Hinihintay pa ang integrations team na i-check ang account. Naka-on hold muna.",
    },
    cities=("Quezon City", "Makati", "Pasig", "Cebu City", "Davao City", "Caloocan", "Iloilo City"),
    shops=("Aling Nena's Kakanin", "Bahay Kubo Crafts", "Tindahan ni Joy", "Pinoy Gadget Corner"),
    first_names=names(
        "Juan Maria Jose Angelica Mark Kristine John_Paul Jasmine Carlo Patricia Miguel Rowena "
        "Jerome Liza Christian Marites Rodel Joanna Ramon Cherry Nestor Aileen Bea Jun"
    ),
    last_names=names(
        "Dela_Cruz Santos Reyes Garcia Mendoza Bautista Villanueva Ramos Castillo Aquino Flores "
        "Gonzales Navarro Fernandez Torres Mercado Pascual Manalo"
    ),
    problems=PROBLEMS,
)
