extension PageTemplates {
    /// Two forms to the same path: the TOTP `code`, and below it the `backup_code` for someone
    /// without their phone at hand. Each carries its own CSRF token and `return_to`. The backup
    /// code is letters and digits, so its field is not numeric.
    static let secondFactor = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{instructions}}</p>
        <form class="form" method="post" action="/login/second-factor">
        {{>stepFields}}
        <div class="field">
        <label for="code">{{codeLabel}}</label>
        <input id="code" name="code" type="text" class="code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required autofocus>
        </div>
        <button type="submit" class="button">{{submitLabel}}</button>
        </form>
        <section class="card-section" aria-labelledby="backup-code-heading">
        <h2 id="backup-code-heading">{{backupCodeHeading}}</h2>
        <p id="backup_code-hint">{{backupCodeInstructions}}</p>
        <form class="form" method="post" action="/login/second-factor">
        {{>stepFields}}
        <div class="field">
        <label for="backup_code">{{backupCodeLabel}}</label>
        <input id="backup_code" name="backup_code" type="text" class="code-input" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16" required aria-describedby="backup_code-hint">
        </div>
        <button type="submit" class="button button-secondary">{{backupCodeSubmitLabel}}</button>
        </form>
        <p class="hint">{{lostPhoneText}}</p>
        <ul class="links">
        <li><a href="{{recoveryHref}}">{{recoveryLinkLabel}}</a></li>
        </ul>
        </section>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
