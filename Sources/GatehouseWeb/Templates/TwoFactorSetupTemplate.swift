extension PageTemplates {
    /// `{{{qrSVG}}}` is the one unescaped value: SVG that Gatehouse generated itself.
    static let twoFactorSetup = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card card-wide">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{instructions}}</p>
        <div class="enrolment">
        <div class="qr-code" role="img" aria-label="{{qrCodeLabel}}">{{{qrSVG}}}</div>
        <dl class="secret">
        <dt>{{keyLabel}}</dt>
        <dd><code class="secret-key">{{#keyGroups}}<span>{{.}}</span> {{/keyGroups}}</code></dd>
        </dl>
        </div>
        {{#otpauthURI}}
        <p><a href="{{.}}">{{openInAppLabel}}</a></p>
        {{/otpauthURI}}
        <form class="form" method="post" action="{{formAction}}">
        {{>stepFields}}
        <div class="field">
        <label for="code">{{codeLabel}}</label>
        <input id="code" name="code" type="text" class="code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required>
        </div>
        <button type="submit" class="button">{{submitLabel}}</button>
        </form>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
