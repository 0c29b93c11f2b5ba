"""Subjects and senders of automatic mail, in the languages they are sent in."""

from __future__ import annotations

import re

FLAGS = re.IGNORECASE | re.UNICODE
# Out-of-office and other auto-reply subjects, by language (matched at the subject's start,
# after "Re:"-like prefixes, so that a customer's "question about out of office" is not one).
AUTO_REPLY_SUBJECTS = {
    "en": r"out of (?:the )?office|automatic reply|auto[- ]?reply|auto[- ]?response|"
    r"autoresponse|vacation (?:reply|response|notice)|away from (?:the|my) office|"
    r"on vacation|on holiday|on leave|i am (?:currently )?(?:away|out)|i'm (?:currently )?"
    r"(?:away|out of)|absence notice|automated response|auto-?generated reply",
    "de": r"abwesenheitsnotiz|automatische antwort|automatische rückantwort|abwesend|"
    r"nicht im büro|außer haus|ausser haus|abwesenheit",
    "fr": r"réponse automatique|reponse automatique|absent du bureau|absence du bureau|"
    r"message d'absence|absent\(e\)|en congés?\b|notification d'absence",
    "es": r"respuesta automática|respuesta automatica|fuera de (?:la )?oficina|"
    r"respuesta de ausencia|ausente de la oficina|mensaje de ausencia",
    "pt": r"resposta automática|resposta automatica|fora do escritório|ausente do escritório|"
    r"resposta de ausência|mensagem de ausência",
    "it": r"risposta automatica|fuori ufficio|fuori sede|assenza dall'ufficio|"
    r"risposta di assenza",
    "nl": r"automatisch antwoord|afwezigheidsbericht|afwezig|niet op kantoor|buiten kantoor|"
    r"automatisch bericht",
    "sv": r"automatiskt svar|frånvaromeddelande|autosvar|inte på kontoret|frånvarande",
    "da": r"automatisk svar|fraværende|fraværsmeddelelse|ikke på kontoret",
    "no": r"automatisk svar|fravær|fraværsmelding|ikke på kontoret",
    "fi": r"automaattinen vastaus|poissa toimistolta|lomavastaaja|poissaoloilmoitus",
    "pl": r"automatyczna odpowiedź|odpowiedź automatyczna|poza biurem|nieobecność",
    "cs": r"automatická odpověď|mimo kancelář|nepřítomnost",
    "hu": r"automatikus válasz|házon kívül|irodán kívül",
    "ro": r"răspuns automat|raspuns automat|în afara biroului",
    "ru": r"автоматический ответ|автоответ|вне офиса|нет на месте|в отпуске",
    "uk": r"автоматична відповідь|автовідповідь|поза офісом",
    "tr": r"otomatik yanıt|otomatik cevap|ofis dışında|izindeyim",
    "el": r"αυτόματη απάντηση|εκτός γραφείου",
    "ja": r"自動応答|自動返信|不在",
    "zh": r"自动回复|自動回覆|自動回复|不在办公室|外出",
    "ko": r"자동 회신|자동 응답|부재중",
    "tl": r"awtomatikong tugon|awtomatikong sagot|wala sa opisina",
    "id": r"balasan otomatis|di luar kantor",
}
SUBJECT_PREFIX = (
    r"^\s*(?:(?:re|aw|wg|fw|fwd|sv|vs|antw|r|rif|tr|ynt|odp)\s*:\s*|\[[^\]]{0,40}\]\s*)*"
)
AUTO_REPLY_SUBJECT = {
    language: re.compile(SUBJECT_PREFIX + f"(?:{pattern})", FLAGS)
    for language, pattern in AUTO_REPLY_SUBJECTS.items()
}
BOUNCE_SUBJECT = re.compile(
    SUBJECT_PREFIX + r"(?:undelivered mail|undeliverable|undelivered|delivery status notification|"
    r"mail delivery (?:failed|failure|system|subsystem|problem)|returned mail|failure notice|"
    r"delivery failure|message delivery failure|delivery notification|non[- ]?deliver|"
    r"message not delivered|mail system error|warning: could not send|could not send message|"
    r"delayed mail|delivery delayed|delivery has failed|mail could not be delivered|"
    r"message could not be delivered|returned to sender|undeliverable mail|"
    r"delivery status|error sending (?:your )?(?:mail|message)|"
    r"unzustellbar|nicht zustellbar|non remis|non distribuable|rapport de non-remise|"
    r"échec de (?:la )?(?:remise|distribution)|no se puede entregar|no entregado|"
    r"non recapitabile|onbestelbaar|kan niet worden bezorgd|olevererbart|kan ikke leveres|"
    r"ikke leveret|nie można dostarczyć|niedostarczalna|недоставленное сообщение|"
    r"не доставлено|не удалось доставить|配信不能|メールエラー|配信エラー|送信エラー|エラー通知|"
    r"未送达|退信|전송 실패)",
    FLAGS,
)
# Names of the systems that send bounces.
DAEMON_NAMES = re.compile(
    r"mail delivery|mailer[- _]?daemon|postmaster|post_master|mail administrator|"
    r"delivery subsystem|\bndr\b|^mail system$|^microsoft outlook$",
    FLAGS,
)
DAEMON_SENDERS = {
    "mailer-daemon", "mailer_daemon", "mailerdaemon", "mail-daemon", "maildaemon", "postmaster",
    "mail-delivery-subsystem", "mdaemon", "mail.daemon", "double-bounce", "post_master",
}  # fmt: skip
# Precedence values that mark mass or automatic mail (RFC 3834 §3.1.8, common practice).
BULK_PRECEDENCE = {"bulk", "junk", "list", "auto_reply", "auto-reply"}
