extension PageTemplates {
    static let backupCode = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card">
        <h1>{{title}}</h1>
        {{>feedback}}
        <p class="backup-code"><code>{{backupCode}}</code></p>
        <p>{{shownOnceText}}</p>
        <p><a class="button" href="{{continueHref}}">{{continueLabel}}</a></p>
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
