extension PageTemplates {
    /// `/account`: the profile, one form per change (each posts to its own path), the two-factor
    /// section when the page has one, and the sessions of the account, each with a button to end it.
    /// Inputs that share a name across forms (`current_password`, `code`) get ids prefixed with their
    /// form's name.
    static let account = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card card-wide">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{signedInAs}}</p>
        <section class="account-section" aria-labelledby="profile-heading">
        <h2 id="profile-heading">{{profileHeading}}</h2>
        <dl class="profile">
        <div class="profile-row">
        <dt>{{profileUsernameLabel}}</dt>
        <dd>{{username}}</dd>
        </div>
        {{#email}}
        <div class="profile-row">
        <dt>{{profileEmailLabel}}</dt>
        <dd>{{.}}{{#pendingEmailText}}<span class="hint pending-email">{{.}}</span>{{/pendingEmailText}}</dd>
        </div>
        {{/email}}
        {{^email}}
        {{#pendingEmailText}}
        <div class="profile-row">
        <dt>{{profileEmailLabel}}</dt>
        <dd><span class="hint pending-email">{{.}}</span></dd>
        </div>
        {{/pendingEmailText}}
        {{/email}}
        <div class="profile-row">
        <dt>{{profileLanguageLabel}}</dt>
        <dd>{{languageName}}</dd>
        </div>
        </dl>
        </section>
        <section class="account-section" aria-labelledby="password-heading">
        <h2 id="password-heading">{{passwordHeading}}</h2>
        <p class="hint">{{passwordHint}}</p>
        <form class="form" method="post" action="/account/password">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <div class="field">
        <label for="password-current_password">{{currentPasswordLabel}}</label>
        <input id="password-current_password" name="current_password" type="password" autocomplete="current-password" required>
        </div>
        <div class="field">
        <label for="new_password">{{newPasswordLabel}}</label>
        <p class="hint" id="new_password-hint">{{passwordRules}}</p>
        <input id="new_password" name="new_password" type="password" autocomplete="new-password" required aria-describedby="new_password-hint">
        </div>
        <div class="field">
        <label for="new_password_repeat">{{repeatPasswordLabel}}</label>
        <input id="new_password_repeat" name="new_password_repeat" type="password" autocomplete="new-password" required>
        </div>
        <button type="submit" class="button">{{passwordSubmitLabel}}</button>
        </form>
        </section>
        {{#twoFactor}}
        <section class="account-section" aria-labelledby="two-factor-heading">
        <h2 id="two-factor-heading">{{twoFactorHeading}}</h2>
        <p>{{twoFactorStatus}}</p>
        {{#twoFactorRequiredText}}
        <p class="hint">{{.}}</p>
        {{/twoFactorRequiredText}}
        {{#twoFactorReissueNotice}}
        <div class="notice" role="status">
        <p>{{.}}</p>
        <form class="form" method="post" action="/account/two-factor/reissue/cancel">
        <input type="hidden" name="csrf_token" value="{{twoFactorCSRFToken}}">
        <button type="submit" class="button">{{twoFactorReissueCancel}}</button>
        </form>
        </div>
        {{/twoFactorReissueNotice}}
        {{#twoFactorEnabled}}
        <h3>{{twoFactorCheckHeading}}</h3>
        <p class="hint" id="two-factor-check-hint">{{twoFactorCheckHint}}</p>
        <form class="form" method="post" action="/account/two-factor/check">
        <input type="hidden" name="csrf_token" value="{{twoFactorCSRFToken}}">
        <div class="field">
        <label for="two-factor-check-code">{{twoFactorCodeLabel}}</label>
        <input id="two-factor-check-code" name="code" type="text" class="code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required aria-describedby="two-factor-check-hint">
        </div>
        <button type="submit" class="button button-secondary">{{twoFactorCheckSubmit}}</button>
        </form>
        {{/twoFactorEnabled}}
        {{#twoFactorForms}}
        {{#formHeading}}
        <h3>{{.}}</h3>
        {{/formHeading}}
        <p class="hint">{{formHint}}</p>
        <form class="form" method="post" action="{{formAction}}">
        <input type="hidden" name="csrf_token" value="{{twoFactorCSRFToken}}">
        <div class="field">
        <label for="{{formID}}-current_password">{{currentPasswordLabel}}</label>
        <input id="{{formID}}-current_password" name="current_password" type="password" autocomplete="current-password" required>
        </div>
        {{#formNeedsCode}}
        <div class="field">
        <label for="{{formID}}-code">{{twoFactorCodeLabel}}</label>
        <input id="{{formID}}-code" name="code" type="text" class="code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required>
        </div>
        {{/formNeedsCode}}
        <button type="submit" class="button{{#formSecondary}} button-secondary{{/formSecondary}}">{{formSubmit}}</button>
        </form>
        {{/twoFactorForms}}
        </section>
        {{/twoFactor}}
        <section class="account-section" aria-labelledby="username-heading">
        <h2 id="username-heading">{{usernameHeading}}</h2>
        <form class="form" method="post" action="/account/username">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <div class="field">
        <label for="username">{{newUsernameLabel}}</label>
        <p class="hint" id="username-hint">{{usernameHint}}</p>
        <input id="username" name="username" type="text" value="{{usernameValue}}" autocomplete="username" autocapitalize="none" spellcheck="false" required aria-describedby="username-hint">
        </div>
        <div class="field">
        <label for="username-current_password">{{currentPasswordLabel}}</label>
        <input id="username-current_password" name="current_password" type="password" autocomplete="current-password" required>
        </div>
        <button type="submit" class="button">{{usernameSubmitLabel}}</button>
        </form>
        </section>
        <section class="account-section" aria-labelledby="email-heading">
        <h2 id="email-heading">{{emailHeading}}</h2>
        <form class="form" method="post" action="/account/email">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <div class="field">
        <label for="email">{{newEmailLabel}}</label>
        <p class="hint" id="email-hint">{{emailHint}}</p>
        <input id="email" name="email" type="email" value="{{emailValue}}" autocomplete="email" autocapitalize="none" spellcheck="false" required aria-describedby="email-hint">
        </div>
        <div class="field">
        <label for="email-current_password">{{currentPasswordLabel}}</label>
        <input id="email-current_password" name="current_password" type="password" autocomplete="current-password" required>
        </div>
        <button type="submit" class="button">{{emailSubmitLabel}}</button>
        </form>
        </section>
        <section class="account-section" aria-labelledby="language-heading">
        <h2 id="language-heading">{{languageHeading}}</h2>
        <form class="form" method="post" action="/account/language">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <div class="field">
        <label for="language">{{languageFieldLabel}}</label>
        <select id="language" name="language">
        {{#languageOptions}}
        <option value="{{value}}" lang="{{value}}"{{#selected}} selected{{/selected}}>{{label}}</option>
        {{/languageOptions}}
        </select>
        </div>
        <button type="submit" class="button">{{languageSubmitLabel}}</button>
        </form>
        </section>
        <section class="account-section" aria-labelledby="sessions-heading">
        <h2 id="sessions-heading">{{sessionsHeading}}</h2>
        <p>{{sessionsIntro}}</p>
        <ul class="sessions">
        {{#sessions}}
        <li class="session">
        <p class="session-device"><strong>{{device}}</strong>{{#current}} <span class="badge">{{currentLabel}}</span>{{/current}}</p>
        <p class="session-meta">{{location}} · {{ip}}</p>
        <p class="session-meta">{{signedIn}} · {{lastActive}}</p>
        {{^current}}
        <form class="form" method="post" action="/account/sessions/revoke">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <input type="hidden" name="session" value="{{id}}">
        <button type="submit" class="button button-secondary">{{revokeLabel}}</button>
        </form>
        {{/current}}
        </li>
        {{/sessions}}
        </ul>
        {{#hasOthers}}
        <form class="form" method="post" action="/account/sessions/revoke-others">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        <button type="submit" class="button">{{revokeOthersLabel}}</button>
        </form>
        {{/hasOthers}}
        </section>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
