extension MailTemplates {
    /// The plain-text part. Sentences arrive wrapped to 78 columns (`MailTextWrapping`); a link
    /// stands on a line of its own; "-- " starts the footer, as mail clients expect of a signature.
    static let text = """
        {{% CONTENT_TYPE: TEXT}}
        {{greeting}}

        {{#blocks}}
        {{#paragraph}}
        {{.}}
        {{/paragraph}}
        {{#url}}
        {{.}}
        {{/url}}
        {{#rows}}
        {{.}}
        {{/rows}}
        {{#steps}}
        {{.}}
        {{/steps}}

        {{/blocks}}
        --\u{20}
        {{#footer}}
        {{.}}
        {{/footer}}

        """
}
