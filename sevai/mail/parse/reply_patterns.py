"""What quoted history and sign-offs look like, in the languages mail clients write them.

Used by `sevai.mail.quoting`. Every pattern is matched against one line or a few joined lines
of bounded length, anchored at both ends, so none can backtrack over a whole mail.
"""

from __future__ import annotations

import re

FLAGS = re.IGNORECASE | re.UNICODE
MAX_HEADER_CHARS = 600

# "On <date>, <name> wrote:" and its translations; a header may be wrapped over three lines.
# A header without a leading "On/Am/Le..." must show an address or a time: "Bob <b@x.org> wrote:"
# (in languages whose verbs rarely start a sentence of the reply, any digit will do).
EVIDENCE = r"(?=.{0,800}(?:@|\d{1,2}[:.h]\d{2}))"
SOME_EVIDENCE = r"(?=.{0,800}(?:@|\d))"
# "On <date>, <name> wrote:" and its translations; a header may be wrapped over three lines.
WROTE_HEADERS = [
    re.compile(pattern, FLAGS)
    for pattern in (
        r"^-*\s*on\b.{3,400}\b(?:wrote|writes|said)\s*:?\s*-*$",  # English, Apple Mail, Zoho
        rf"^{EVIDENCE}.{{0,400}}\b(?:wrote|writes)\s*:$",
        r"^am\b.{3,400}\bschrieb\b.{0,400}:$",  # German
        rf"^{EVIDENCE}.{{0,400}}\bschrieb(?:\s+am\b.{{0,200}})?\s*:$",
        r"^le\b.{3,400}\ba\s+(?:é|e)crit\s*:$",  # French
        rf"^{EVIDENCE}.{{0,400}}\ba\s+(?:é|e)crit\s*:$",
        r"^el\b.{3,400}\bescribi(?:ó|o)\s*:$",  # Spanish
        rf"^{EVIDENCE}.{{0,400}}\bescribi(?:ó|o)\s*:$",
        rf"^(?:il\b.{{3,400}}|{EVIDENCE}.{{0,400}})\bha\s+scritto\s*:$",  # Italian
        rf"^(?:em\b.{{3,400}}|{EVIDENCE}.{{0,400}})\bescreveu\s*:$",  # Portuguese
        rf"^(?:op\b.{{3,400}}|{EVIDENCE}.{{0,400}})\bschreef\b.{{0,200}}:$",  # Dutch
        r"^(?:den|på)\b.{3,400}\bskrev\b.{0,400}:$",  # Danish, Norwegian, Swedish
        rf"^{EVIDENCE}.{{0,400}}\bskrev\b.{{0,400}}:$",
        rf"^{SOME_EVIDENCE}.{{0,400}}\bkirjoitti\b.{{0,100}}:$",  # Finnish
        rf"^{SOME_EVIDENCE}.{{0,400}}\bnapisa(?:ł|l)(?:a|\(a\))?\s*:$",  # Polish
        rf"^{SOME_EVIDENCE}.{{0,400}}\bnapsal(?:a|\(a\))?\s*:$",  # Czech, Slovak
        rf"^{SOME_EVIDENCE}.{{0,400}}(?:написал|написала|написал\(а\)|написав|пише|пишет)"
        r"(?:\(а\)|\(ла\))?\s*:$",  # Russian, Ukrainian
        rf"^{SOME_EVIDENCE}.{{0,400}}\byazd(?:ı|i)\s*:$",  # Turkish
        rf"^{SOME_EVIDENCE}.{{0,400}}\b(?:írta|kirjutas|rašė|rakstīja)\s*:$",  # Hungarian, Baltic
        r"^.{0,400}(?:写道|寫道|書きました|のメッセージ|작성)\s*[:：]$",  # Chinese, Japanese, Kor.
        # Gmail without a verb (Russian, Japanese, ...): "<date> <name> <address>:"
        r"^(?=[^<>]{0,400}\d)[^<>]{0,400}<[^<>\s]+@[^<>\s]+>\s*[:：]$",
        # Gmail's ISO dates: "2016-03-03 17:21 GMT+01:00 Some One", "2013/7/20 Sam <s@x.org>"
        r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\s+\d{1,2}:\d{2}\s+GMT[+-]\d{1,2}(?::?\d{2})?\s+.{1,300}$",
        r"^\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b[^<>]{0,300}<[^<>\s]+@[^<>\s]+>\s*:?$",
    )
]
# Words one of which every header above contains: a cheap test before the patterns.
HEADER_WORDS = re.compile(
    r"wrote|writes|said|schrieb|crit|escribi|scritto|escreveu|schreef|skrev|kirjoitti|napisa|"
    r"napsal|написа|пише|yazd|írta|kirjutas|rašė|rakstīja|写道|寫道|書きました|のメッセージ|작성|"
    r"@|gmt",
    FLAGS,
)
# "On <date> <name>" whose "wrote:" comes a few lines later, after blank lines.
WROTE_LATER_START = re.compile(r"^on\b.{0,200}\d", FLAGS)
WROTE_LATER_END = re.compile(r"^.{0,200}\bwrote\s*:$", FLAGS)
# Lines that start quoted history on their own.
SEPARATORS = [
    re.compile(pattern, FLAGS)
    for pattern in (
        r"^\*?-{2,}\s*(?:original message|original|reply message|ursprüngliche nachricht|"
        r"originalnachricht|message d'origine|message original|mensaje original|"
        r"messaggio originale|oorspronkelijk bericht|origineel bericht|opprinnelig melding|"
        r"oprindelig besked|oprindelig meddelelse|ursprungligt meddelande|alkuperäinen viesti|"
        r"wiadomość oryginalna|oryginalna wiadomość|исходное сообщение|оригинальное сообщение|"
        r"вихідне повідомлення|mensagem original|původní zpráva|eredeti üzenet|"
        r"orijinal mesaj|原始邮件|原始郵件|元のメッセージ|원본 메시지|"
        r"forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|"
        r"messaggio inoltrato|doorgestuurd bericht|videresendt melding|videresendt meddelelse|"
        r"vidarebefordrat meddelande|mensagem encaminhada|пересылаемое сообщение|"
        r"przekazana wiadomość|välitetty viesti|转发的邮件)\s*-*\s*\*?$",
        r"^(?:begin forwarded message|anfang der weitergeleiteten nachricht|"
        r"début du message réexpédié|inizio messaggio inoltrato|comienzo del mensaje reenviado|"
        r"begin doorgestuurd bericht|início da mensagem reencaminhada|"
        r"vidarebefordrat brev|videresendt besked)\s*:?$",
    )
]
UNDERSCORES = re.compile(r"^_{10,}\s*$")
# Outlook header blocks: "From:" then Sent/Date/To/Subject in the next lines.
FROM_FIELD = re.compile(
    r"^\*?\s*(?:from|de|von|van|da|fra|från|od|от|від|kimden|feladó|lähettäjä|afzender|"
    r"mittente|remetente|expéditeur|absender|発信者|差出人|寄件者|发件人|發件人|보낸 사람)"
    r"\s*\*?\s*[:：]",
    FLAGS,
)
OTHER_FIELD = re.compile(
    r"^\*?\s*(?:sent|date|to|subject|cc|bcc|reply-to|envoyé|envoye|à|a|objet|gesendet|an|"
    r"betreff|datum|aan|onderwerp|verzonden|data|oggetto|inviato|risposta|enviado|enviada|"
    r"para|asunto|fecha|assunto|emne|til|dato|sendt|skickat|ämne|till|temat|wysłano|do|"
    r"отправлено|кому|тема|дата|відправлено|gönderildi|konu|kime|tarih|lähetetty|"
    r"vastaanottaja|aihe|päivämäärä|収件人|收件人|主题|主旨|日期|发送时间|傳送時間|件名|宛先|"
    r"送信日時|日時|받는 사람|제목|날짜|cc|kopie|kopia|копия|antwort an|répondre à)"
    r"\s*\*?\s*[:：]",
    FLAGS,
)
# Signature delimiters: "-- " (RFC 3676), and lines of one repeated symbol.
SIGNATURE_DASHES = re.compile(r"^--\s*$")
SYMBOL_LINE = re.compile(r"^\s*(?:_{2,}|\*{3,}|#{3,}|~{3,}|={3,}|\+{3,}|-{3,}|—{2,}|ᐧ)\s*$")
# Mobile and app sign-offs, written under the reply.
SIGN_OFFS = [
    re.compile(pattern, FLAGS)
    for pattern in (
        r"^sent from my(?: [\w.+&'()/-]+){1,4}[.!]?$",
        r"^\(?sent (?:from|via|with|using|by) (?!my\b)[^,;]{1,60}?(?:<[^>]*>)?[.!]?\)?$",
        r"^<<sent (?:by|from) [^<>]{1,40}>>$",
        r"^get (?:\[?outlook|the outlook app) for [^,;]{1,80}$",
        r"^envoy(?:é|e) (?:de|depuis|à partir de|a partir de|avec) [^,;]{1,80}$",
        r"^von meinem [^,;]{1,40} gesendet\.?$",
        r"^gesendet (?:von|mit|vom|über) [^,;]{1,60}$",
        r"^diese nachricht wurde von meinem .{1,80} gesendet\.?$",
        r"^enviad[oa] (?:desde|do|de|a partir d[eo]|con|com) [^,;]{1,60}$",
        r"^inviato da[l]? [^,;]{1,60}$",
        r"^(?:verstuurd|verzonden) (?:vanaf|met|van|via) [^,;]{1,60}$",
        r"^(?:skickat|sendt|sent) (?:från|fra|frå) [^,;]{1,60}$",
        r"^lähetetty [^,;]{1,60}$",
        r"^wysłane z [^,;]{1,60}$",
        r"^(?:отправлено|надіслано) (?:с|из|з) [^,;]{1,60}$",
        r"^(?:從我的|从我的).{1,30}(?:傳送|发送)$",
        r"^.{1,30}から送信$",
    )
]
MAX_SIGNATURE_LINES = 30  # non-blank lines after "-- " that can still be a signature
MAX_SYMBOL_SIGNATURE_LINES = 10  # after a line of symbols ("____", "***")
