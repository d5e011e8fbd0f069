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

    /// Partial for the hidden fields of a sign-in form: the page's `csrfToken`, and `returnTo` when set.
    static let stepFields = """
        <input type="hidden" name="csrf_token" value="{{csrfToken}}">
        {{#returnTo}}
        <input type="hidden" name="return_to" value="{{.}}">
        {{/returnTo}}

        """
}
