extension PageTemplates {
    /// The agreement is escaped text in blocks (headings and paragraphs), never HTML from the file.
    static let consent = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card card-wide">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{intro}}</p>
        <div class="agreement" role="region" aria-label="{{agreementLabel}}" tabindex="0">
        {{#blocks}}
        {{#headingText}}
        <h2>{{.}}</h2>
        {{/headingText}}
        {{#paragraphText}}
        <p>{{.}}</p>
        {{/paragraphText}}
        {{/blocks}}
        </div>
        <p class="hint">{{versionText}}</p>
        <form class="form" method="post" action="/consent">
        {{>stepFields}}
        <input type="hidden" name="version" value="{{version}}">
        <div class="checkbox-field">
        <input id="agree" name="agree" type="checkbox" value="yes" required>
        <label for="agree">{{checkboxLabel}}</label>
        </div>
        <div class="actions">
        <button type="submit" class="button" name="accept" value="true">{{continueLabel}}</button>
        <button type="submit" class="button button-secondary" name="accept" value="false" formnovalidate>{{declineLabel}}</button>
        </div>
        </form>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
