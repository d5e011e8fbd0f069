extension PageTemplates {
    static let login = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card">
        <h1>{{title}}</h1>
        {{>feedback}}
        <form class="form" method="post" action="/login">
        {{>stepFields}}
        <div class="field">
        <label for="login">{{loginLabel}}</label>
        <input id="login" name="login" type="text" value="{{login}}" autocomplete="username" autocapitalize="none" spellcheck="false" required>
        </div>
        <div class="field">
        <label for="password">{{passwordLabel}}</label>
        <input id="password" name="password" type="password" autocomplete="current-password" required>
        </div>
        <button type="submit" class="button">{{submitLabel}}</button>
        </form>
        <ul class="links">
        <li><a href="/password-reset">{{forgotPasswordLabel}}</a></li>
        {{#requestAccessLabel}}
        <li><a href="/access-request">{{.}}</a></li>
        {{/requestAccessLabel}}
        </ul>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
