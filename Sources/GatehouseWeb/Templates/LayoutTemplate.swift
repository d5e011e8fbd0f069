extension PageTemplates {
    /// `strict-origin`: requests from a page send only the origin as Referer, never the path and query,
    /// so a mailed link's token does not travel in a Referer header. Not `no-referrer`: under that
    /// policy Chromium sends `Origin: null` with form posts, which the CSRF check must refuse.
    static let layout = """
        <!DOCTYPE html>
        <html lang="{{layout.lang}}">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta name="robots" content="noindex, nofollow">
        <meta name="referrer" content="strict-origin">
        <title>{{layout.documentTitle}}</title>
        <link rel="stylesheet" href="/static/gatehouse.css">
        <link rel="icon" href="data:,">
        </head>
        <body>
        <a class="skip-link" href="#main">{{layout.skipLinkText}}</a>
        <header class="site-header">
        <p class="product-name">{{layout.productName}}</p>
        <div class="header-tools">
        {{#layout.hasLanguageLinks}}
        <nav class="language-selector" aria-label="{{layout.languageSelectorLabel}}">
        {{#layout.languageLinks}}
        {{^isFirst}}<span class="separator" aria-hidden="true">|</span>{{/isFirst}}
        <a href="{{href}}" hreflang="{{hreflang}}" lang="{{hreflang}}" title="{{nativeName}}"{{#isCurrent}} aria-current="true"{{/isCurrent}}>{{code}}</a>
        {{/layout.languageLinks}}
        </nav>
        {{/layout.hasLanguageLinks}}
        {{#layout.signOut}}
        <form class="sign-out" method="post" action="/logout">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <button type="submit" class="button-link">{{label}}</button>
        </form>
        {{/layout.signOut}}
        </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
        {{$main}}{{/main}}
        </main>
        {{#layout.support}}
        <footer class="site-footer">
        <p>{{textBefore}}<a href="mailto:{{email}}">{{email}}</a>{{textAfter}}</p>
        </footer>
        {{/layout.support}}
        </body>
        </html>

        """
}
