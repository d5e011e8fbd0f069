extension PageTemplates {
    /// `/password-reset`: one email field; the notes say what to expect from the mail.
    static let passwordReset = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{instructions}}</p>
        <form class="form" method="post" action="/password-reset">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <div class="field">
        <label for="email">{{emailLabel}}</label>
        <input id="email" name="email" type="email" value="{{email}}" autocomplete="email" autocapitalize="none" spellcheck="false" required>
        </div>
        <button type="submit" class="button">{{submitLabel}}</button>
        </form>
        <ul class="notes">
        {{#notes}}
        <li>{{.}}</li>
        {{/notes}}
        </ul>
        <ul class="links">
        <li><a href="/login">{{backToSignInLabel}}</a></li>
        </ul>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """

    /// `/password-reset/complete`: the token travels in a hidden field; the password's rules and
    /// any reasons it was refused are tied to the field with `aria-describedby`.
    static let passwordResetComplete = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{instructions}}</p>
        <form class="form" method="post" action="/password-reset/complete">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <input type="hidden" name="token" value="{{token}}">
        <div class="field">
        <label for="new_password">{{newPasswordLabel}}</label>
        <p class="hint" id="new_password-hint">{{passwordRules}}</p>
        {{#hasPasswordErrors}}
        <ul class="field-errors" id="new_password-errors">
        {{#passwordErrors}}
        <li>{{.}}</li>
        {{/passwordErrors}}
        </ul>
        {{/hasPasswordErrors}}
        <input id="new_password" name="new_password" type="password" autocomplete="new-password" required aria-describedby="new_password-hint{{#hasPasswordErrors}} new_password-errors{{/hasPasswordErrors}}"{{#hasPasswordErrors}} aria-invalid="true"{{/hasPasswordErrors}}>
        </div>
        <div class="field">
        <label for="new_password_repeat">{{repeatPasswordLabel}}</label>
        <input id="new_password_repeat" name="new_password_repeat" type="password" autocomplete="new-password" required>
        </div>
        {{#reissue}}
        <div class="checkbox-field">
        <input id="reissue_two_factor" name="reissue_two_factor" type="checkbox" value="1" aria-describedby="reissue_two_factor-hint">
        <div>
        <label for="reissue_two_factor">{{label}}</label>
        <p class="hint" id="reissue_two_factor-hint">{{hint}}</p>
        </div>
        </div>
        <div class="field">
        <label for="backup_code">{{backupCodeLabel}}</label>
        <p class="hint" id="backup_code-hint">{{backupCodeHint}}</p>
        <input id="backup_code" name="backup_code" type="text" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16" aria-describedby="backup_code-hint">
        </div>
        {{/reissue}}
        <button type="submit" class="button">{{submitLabel}}</button>
        </form>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
