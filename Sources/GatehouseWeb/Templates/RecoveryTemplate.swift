extension PageTemplates {
    static let recovery = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p>{{instructions}}</p>
        <form class="form" method="post" action="/login/recovery">
        {{>stepFields}}
        <div class="field">
        <label for="backup_code">{{backupCodeLabel}}</label>
        <input id="backup_code" name="backup_code" type="text" class="code-input" autocomplete="off" autocapitalize="characters" spellcheck="false" maxlength="16" required autofocus>
        </div>
        <button type="submit" class="button">{{submitLabel}}</button>
        </form>
        <ul class="links">
        <li><a href="/login/second-factor">{{authenticatorLinkLabel}}</a></li>
        </ul>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
