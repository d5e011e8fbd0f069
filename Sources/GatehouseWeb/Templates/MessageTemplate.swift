extension PageTemplates {
    /// A title, paragraphs, and optionally one button (a POST form) and one link.
    static let message = """
        {{<layout}}
        {{$main}}
        {{#page}}
        <div class="card">
        <h1>{{title}}</h1>
        {{>feedback}}
        {{#paragraphs}}
        <p>{{.}}</p>
        {{/paragraphs}}
        {{#form}}
        <form class="form" method="post" action="{{action}}">
        {{#hiddenFields}}
        <input type="hidden" name="{{name}}" value="{{value}}">
        {{/hiddenFields}}
        <button type="submit" class="button">{{buttonLabel}}</button>
        </form>
        {{/form}}
        {{#link}}
        <ul class="links">
        <li><a href="{{href}}">{{label}}</a></li>
        </ul>
        {{/link}}
        </div>
        {{/page}}
        {{/main}}
        {{/layout}}
        """
}
