extension PageTemplates {
    /// `/account`: who is signed in and the sessions of the account, each with a button to end it.
    static let account = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card card-wide">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{signedInAs}}</p>
        <h2>{{sessionsHeading}}</h2>
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
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
