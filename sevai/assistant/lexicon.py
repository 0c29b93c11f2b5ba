"""A bridge from Tamil, Tagalog and Armenian support vocabulary to English words.

The multilingual embedding model understands formal Tamil and Armenian well enough, but
customers write colloquially ("அட்ரஸ் தப்பா கொடுத்துட்டேன்", "ծանրոցս կորել ա"), and
then a question and the English article that answers it often land no closer than a
neighbouring article. The same model understands English keywords very well. So the words
of a question that name a customer-support concept are glossed in English, and the
retrieval embeds "question (gloss words)" and also searches the full text for the glosses:
a classic dictionary-based query translation, limited to a courier / shop desk's subjects.

Each concept is a line "english gloss =" followed by indented lines of cues (by language,
for reading: every cue is looked for in every question); a cue is a word start (Tamil and
Armenian glue endings on; Tagalog cues are also compared with the Tagalog roots the search
service finds) of at least three letters, or, with "+", several word starts that must all
occur within WINDOW consecutive words ("பணம்+திரும்ப", "էլ+փոստ").
"""

from __future__ import annotations

from functools import lru_cache

from sevai.search.stemming import word_forms
from sevai.search.text import normalize_word, words

CONCEPTS = """
parcel =
    ta: பார்சல பொட்டல பேக்கேஜ
    tl: padala pakete
    hy: ծանրոց փաթեթ
track where =
    ta: எங்கே ட்ராக் டிராக் கண்காணி ஸ்டேட்டஸ
    tl: nasaan saan status
    hy: կարգավիճակ որտեղ հետևել հետևեմ
address =
    ta: முகவரி அட்ரஸ் விலாச
    tl: tirahan adres
    hy: հասցե
change =
    ta: மாற்ற மாத்த மாறு
    tl: palit baguhin change
    hy: փոխել փոխեմ փոխեք փոխվ
wrong mistake =
    ta: தப்பா தப்பு தவறா தவறு
    tl: mali nagkamali
    hy: սխալ
refund money back =
    ta: ரீஃபண்ட் ரிஃபண்ட் ரீபண்ட் பணம்+திரும்ப பணத்த+திரும்ப காசு+திரும்ப
    tl: refund pera+balik
    hy: գումար+վերադարձ գումարս փողս փող+հետ
open =
    ta: திறந்திருக் திறக்கும் திறப்பீங்க
    tl: bukas
    hy: բացվում բացվեք աշխատում
opening hours time =
    ta: மணிக்கு மணி+வரை டைமிங் நேரம்
    tl: oras anong+oras
    hy: ժամը ժամ+քանի ժամեր
saturday =
    ta: சனிக்கிழமை சனி+கிழமை
    tl: sabado
    hy: շաբաթ+օր
sunday =
    ta: ஞாயிற்று ஞாயிறு
    hy: կիրակի
weekday =
    ta: வார+நாட் வாரநாட்
    tl: weekday+s
    hy: աշխատանքային+օր
holiday =
    ta: விடுமுறை லீவு
    tl: piyesta holiday
    hy: տոն
how many days how long =
    ta: எத்தனை+நாள் எத்தனை+நாட்
    tl: ilang+araw gaano+katagal
    hy: քանի+օր որքան+ժամանակ ինչքան+ժամանակ
express same day =
    ta: எக்ஸ்பிரஸ் அன்னைக்கே அன்றே
    tl: express
    hy: էքսպրես նույն+օր
international abroad =
    ta: வெளிநாட்டு
    tl: abroad ibang+bansa international
    hy: արտասահման միջազգային
remote island village =
    ta: தீவு கிராம
    tl: isla probinsya liblib
    hy: հեռավոր գյուղ կղզի
missed delivery not at home =
    ta: மிஸ் வீட்ல+இல்ல வீட்டில்+இல்லை
    tl: naabutan wala+bahay miss
    hy: տանը+չէի տանը+չեմ բաց+թող
deliver again =
    ta: மறுபடியும் திரும்பவும் மீண்டும்
    tl: ulit redeliver
    hy: նորից կրկին
damaged broken =
    ta: உடைஞ் உடைந் சேதம சேதமா சேதமடை நசுங் கிழிஞ் கிழிந் நனைஞ் நனைந் விரிசல்
    tl: sira nasira basag lamat punit yupi
    hy: ջարդված կոտրված կոտրվել վնասված ճմռված պատռված ճաքած թաց
lost =
    ta: தொலைஞ் தொலைந் காணாம காணவில்லை
    tl: nawawala nawala
    hy: կորել կորած կորավ
not received =
    ta: கிடைக்கல கிடைக்கவில்லை வரல வரவில்லை
    tl: natanggap
    hy: չեմ+ստացել չստացա
cash on delivery =
    ta: கேஷ் ரொக்க பணமா
    tl: cod cash
    hy: կանխիկ
pay payment =
    ta: செலுத்த கட்டணும் கட்டணுமா
    tl: bayad magbayad babayaran
    hy: վճարել վճարեմ վճարում
card =
    ta: கார்டு கார்ட்
    tl: card
    hy: քարտ
customs duty tax =
    ta: சுங்க கஸ்டம்ஸ் வரி இறக்குமதி
    tl: customs buwis tax
    hy: մաքս հարկ+վճար
return send back =
    ta: திருப்பி+அனுப்ப ரிட்டர்ன்
    tl: return ibalik ibabalik isauli
    hy: հետ+ուղարկ հետ+տամ վերադարձնեմ վերադարձն
shop bought online =
    ta: கடைக்கு கடையில் கடைல ஆன்லைன் வாங்கின
    tl: shop binili online
    hy: խանութ գնած
cancel =
    ta: கேன்சல் ரத்து
    tl: cancel kansela
    hy: չեղարկ
booking order =
    ta: புக்கிங் ஆர்டர் முன்பதிவு
    tl: booking order
    hy: պատվեր ամրագր
pickup =
    ta: பிக்கப்
    tl: pick
    hy: վերցն
phone number =
    ta: போன் மொபைல் நம்பர்
    tl: numero cellphone
    hy: հեռախոս համարս
email =
    ta: ஈமெயில் மின்னஞ்சல் மெயில்
    tl: email
    hy: էլփոստ էլ+փոստ էլ+հասցե մեյլ
account =
    ta: அக்கவுண்ட் கணக்கு
    tl: account
    hy: հաշիվ հաշվ
update =
    ta: அப்டேட்
    tl: update
    hy: թարմացն
business company seller =
    ta: பிசினஸ் நிறுவன கம்பெனி விற்பனையாளர்
    tl: business negosyo seller kompanya
    hy: բիզնես ընկերություն վաճառող
price discount =
    ta: விலை தள்ளுபடி
    tl: presyo discount
    hy: զեղչ գին
monthly invoice =
    ta: மாசா+மாசம் மாதந்தோறும் பில்
    tl: invoice billing kada+buwan monthly
    hy: ամսական ապրանքագիր
driver courier =
    ta: டிரைவர் ஓட்டுநர்
    tl: rider driver kuryer
    hy: առաքիչ վարորդ
branch =
    ta: கிளை
    tl: branch sangay
    hy: մասնաճյուղ
office =
    ta: ஆபீஸ் அலுவலக
    tl: office opisina
    hy: գրասենյակ
city =
    ta: நகரத்து நகருக்கு நகரம் ஊருக்கு
    tl: lungsod
    hy: քաղաք
late delayed =
    ta: தாமத லேட்
    tl: late delay antala
    hy: ուշաց ուշան
open the parcel =
    ta: பிரிச்சு
    tl: buksan
    hy: բացել
weight size =
    ta: எடை
    tl: kilo timbang
    hy: քաշ կիլո
"""


WINDOW = 4


@lru_cache(maxsize=1)
def concepts() -> list[tuple[str, list[list[str]]]]:
    """(gloss, cues), each cue a list of normalised word starts."""
    out: list[tuple[str, list[list[str]]]] = []
    for line in CONCEPTS.strip().splitlines():
        if not line.startswith(" "):
            out.append((line.rstrip("= "), []))
            continue
        _language, _sep, cues = line.strip().partition(":")
        out[-1][1].extend(
            [normalize_word(part) for part in cue.split("+")]
            for cue in cues.split()
            if len(cue) >= 3 and all(len(part) >= 2 for part in cue.split("+"))
        )
    return out


def _starts(word: str, cue: str) -> bool:
    return any(form.startswith(cue) for form in word_forms(word))


def _occurs(cue: list[str], found: list[str]) -> bool:
    """Whether the cue's word starts occur in order, within WINDOW words of the first."""
    for first, word in enumerate(found):
        if not _starts(word, cue[0]):
            continue
        at = first
        for part in cue[1:]:
            at = next(
                (
                    i
                    for i in range(at + 1, min(len(found), first + WINDOW))
                    if _starts(found[i], part)
                ),
                -1,
            )
            if at < 0:
                break
        else:
            return True
    return False


def glosses(text: str) -> list[str]:
    """The English glosses of the support concepts a question names, in concept order."""
    found = words(text[:500])
    if not found:
        return []
    return [gloss for gloss, cues in concepts() if any(_occurs(cue, found) for cue in cues)]


def expand(text: str) -> str:
    """The question with its English glosses in brackets (the text itself when none)."""
    found = glosses(text)
    return f"{text} ({'; '.join(found)})" if found else text
