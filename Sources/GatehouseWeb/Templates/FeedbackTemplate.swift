extension PageTemplates {
    /// Partial for a page's `notice` (polite status) and `error` (alert); both optional.
    static let feedback = """
        {{#notice}}
        <div class="notice" role="status"><p>{{.}}</p></div>
        {{/notice}}
        {{#error}}
        <div class="alert" role="alert" id="form-error"><p>{{.}}</p></div>
        {{/error}}

        """
}
