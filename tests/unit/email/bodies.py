"""Email bodies shaped the way Gmail, Outlook and Apple Mail write them (names invented)."""

GMAIL_HTML = (
    '<div dir="ltr">Hi Priya,<div><br></div><div>Thanks for sending the pilot numbers. Your '
    "team has been dragging this out &amp; we can&#39;t hold the 15% discount past Friday."
    "</div><div><br></div><div>Best,</div><div>Marcus</div><div><br></div>"
    '<div class="gmail_signature" data-smartmail="gmail_signature">Marcus Lee | Account '
    "Executive<br>Northwind Analytics</div></div><br>"
    '<div class="gmail_quote"><div dir="ltr" class="gmail_attr">On Tue, Nov 24, 2026 at '
    '9:12 AM Priya Raman &lt;<a href="mailto:priya@contoso.example">priya@contoso.example'
    "</a>&gt; wrote:<br></div>"
    '<blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid '
    'rgb(204,204,204);padding-left:1ex"><div dir="ltr">Marcus, we need another two weeks.'
    "</div></blockquote></div>"
)

OUTLOOK_HTML = (
    "<html><head><style>p.MsoNormal{margin:0cm;font-family:Calibri}</style></head><body>"
    '<div class="WordSection1"><p class="MsoNormal">Hello Tomas,<o:p></o:p></p>'
    '<p class="MsoNormal"><o:p>&nbsp;</o:p></p>'
    '<p class="MsoNormal">If you can\u2019t sign by 30 June, the price goes up by '
    "\u20ac12,000.<o:p></o:p></p>"
    '<p class="MsoNormal">Regards,<o:p></o:p></p><p class="MsoNormal">Anna<o:p></o:p></p>'
    '<div id="appendonsend"></div><hr style="display:inline-block;width:98%">'
    '<div id="divRplyFwdMsg" dir="ltr"><font face="Calibri"><b>From:</b> Tomas Berg<br>'
    "<b>Sent:</b> Monday, 29 June 2026 10:02<br><b>To:</b> Anna Kowalski<br>"
    "<b>Subject:</b> RE: renewal</font></div><div>We need legal review first.</div>"
    "</div></body></html>"
)

APPLE_MAIL_HTML = (
    '<html><body style="word-wrap: break-word;">Hi Sam,<div><br></div><div>Let\u2019s find a '
    "time next week \U0001f642 to go over the rollout.</div><div><br><div><br>"
    '<blockquote type="cite"><div>On Nov 20, 2026, at 4:05 PM, Sam Okafor '
    "&lt;sam@example.org&gt; wrote:</div><br><div><div>Can we push the kickoff?</div></div>"
    "</blockquote></div><br></div></body></html>"
)

GMAIL_TEXT = (
    "Hi Priya,\n\n"
    "We can't wait any longer. Sign by Friday or the discount is gone.\n\n"
    "Thanks,\nMarcus Lee\nAccount Executive, Northwind\n+1 555 0100\n\n"
    "On Tue, Nov 24, 2026 at 9:12 AM Priya Raman <priya@contoso.example> wrote:\n"
    "> Marcus, we need another two weeks.\n> Priya\n"
)

OUTLOOK_TEXT = (
    "Tomas,\r\n\r\nYour legal team is the problem here.\r\n\r\nAnna\r\n\r\n"
    "From: Tomas Berg <tomas@example.com>\r\nSent: Monday, June 29, 2026 10:02 AM\r\n"
    "To: Anna Kowalski <anna@example.com>\r\nSubject: RE: renewal\r\n\r\n"
    "We need legal review first.\r\n"
)

IPHONE_TEXT = (
    "Fine, we'll talk Monday. Your delays are costing us both.\n\nSent from my iPhone\n\n"
    "> On Nov 20, 2026, at 4:05 PM, Sam Okafor <sam@example.org> wrote:\n>\n"
    "> Can we push the kickoff?\n"
)

FORWARDED_TEXT = (
    "Dana, see below: they want to renegotiate again.\n\n"
    "---------- Forwarded message ---------\nFrom: Lee Park <lee@example.net>\n"
    "Date: Mon, Nov 23, 2026 at 8:00 AM\nSubject: Contract\nTo: Dana <dana@example.com>\n\n"
    "We would like to revisit the payment terms.\n"
)

SIGNATURE_DASHES_TEXT = (
    "Kenji, the quote stands at $48,000 until 12 December.\n\n-- \nAiko Tanaka\nSales Lead\n"
)
