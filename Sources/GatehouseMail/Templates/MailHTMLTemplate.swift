extension MailTemplates {
    /// Tables for layout and inline styles only: mail clients drop `<style>` and external CSS.
    static let html = """
        <!DOCTYPE html>
        <html lang="{{lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>{{title}}</title>
        </head>
        <body style="margin:0;padding:0;background-color:#f3f4f6;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="background-color:#f3f4f6;">
        <tr>
        <td align="center" style="padding:24px 12px;">
        <table role="presentation" width="100%" cellpadding="0" cellspacing="0" border="0" style="max-width:560px;background-color:#ffffff;border:1px solid #e5e7eb;border-radius:8px;">
        <tr>
        <td style="padding:24px 32px 0 32px;font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:20px;font-weight:bold;color:#4b5563;">{{productName}}</td>
        </tr>
        <tr>
        <td style="padding:16px 32px 8px 32px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:24px;color:#111827;">
        <p style="margin:0 0 16px 0;">{{greeting}}</p>
        {{#blocks}}
        {{#paragraph}}
        <p style="margin:0 0 16px 0;">{{before}}{{#mailto}}<a href="mailto:{{.}}" style="color:#1d4ed8;">{{.}}</a>{{/mailto}}{{after}}</p>
        {{/paragraph}}
        {{#notice}}
        <p style="margin:0 0 16px 0;padding:12px 16px;background-color:#fff7e6;border-left:4px solid #f0b429;font-weight:bold;">{{before}}{{#mailto}}<a href="mailto:{{.}}" style="color:#1d4ed8;">{{.}}</a>{{/mailto}}{{after}}</p>
        {{/notice}}
        {{#action}}
        <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 8px 0;">
        <tr>
        <td style="border-radius:6px;background-color:#1d4ed8;">
        <a href="{{url}}" style="display:inline-block;padding:12px 24px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:20px;font-weight:bold;color:#ffffff;text-decoration:none;border-radius:6px;">{{label}}</a>
        </td>
        </tr>
        </table>
        <p style="margin:0 0 16px 0;font-size:13px;line-height:20px;color:#4b5563;">{{fallback}}<br>
        <a href="{{url}}" style="color:#1d4ed8;word-break:break-all;">{{url}}</a></p>
        {{/action}}
        {{#details}}
        <table role="presentation" cellpadding="0" cellspacing="0" border="0" style="margin:0 0 16px 0;font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:22px;color:#111827;">
        {{#rows}}
        <tr>
        <td style="padding:2px 16px 2px 0;color:#4b5563;vertical-align:top;white-space:nowrap;">{{label}}</td>
        <td style="padding:2px 0;vertical-align:top;">{{value}}</td>
        </tr>
        {{/rows}}
        </table>
        {{/details}}
        {{#steps}}
        <ol style="margin:0 0 16px 0;padding:0 0 0 24px;">
        {{#items}}
        <li style="margin:0 0 8px 0;">{{.}}</li>
        {{/items}}
        </ol>
        {{/steps}}
        {{/blocks}}
        </td>
        </tr>
        <tr>
        <td style="padding:16px 32px 24px 32px;border-top:1px solid #e5e7eb;font-family:Arial,Helvetica,sans-serif;font-size:13px;line-height:20px;color:#6b7280;">
        <p style="margin:0;">{{sentBy}}</p>
        {{#supportLine}}
        <p style="margin:4px 0 0 0;">{{before}}{{#mailto}}<a href="mailto:{{.}}" style="color:#6b7280;">{{.}}</a>{{/mailto}}{{after}}</p>
        {{/supportLine}}
        </td>
        </tr>
        </table>
        </td>
        </tr>
        </table>
        </body>
        </html>

        """
}
