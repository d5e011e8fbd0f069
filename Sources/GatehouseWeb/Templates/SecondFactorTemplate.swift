extension PageTemplates {
    static let secondFactor = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{instructions}}</p>
        <form class="form" method="post" action="/login/second-factor">
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        {{#returnTo}}
        <input type="hidden" name="return_to" value="{{.}}">
        {{/returnTo}}
        <div class="field">
        <label for="code">{{codeLabel}}</label>
        <input id="code" name="code" type="text" class="code-input" inputmode="numeric" autocomplete="one-time-code" pattern="[0-9]*" required autofocus>
        </div>
        <button type="submit" class="button">{{submitLabel}}</button>
        </form>
        <ul class="links">
        <li><a href="/login/recovery">{{backupCodeLinkLabel}}</a></li>
        </ul>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
