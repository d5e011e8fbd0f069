import GatehouseCore
/// The personal-data processing agreement shown on `/consent` when the configuration names no file
/// of its own (`consent.file_en`, `consent.file_ru`). Plain text with `#` headings, as `ConsentPage`
/// shows it; it speaks of "the operator of this service", never of a product name.
public enum BuiltInAgreement {
    /// The version of the built-in text. A change to the text that needs everyone's consent again
    /// comes with a new version.
    public static let version = "1"

    /// The agreement in `language`.
    public static func text(_ language: Language) -> String {
        switch language {
        case .en: english
        case .ru: russian
        }
    }

    private static let english = """
        # Consent to the processing of personal data

        By accepting this agreement, you consent to the operator of this service processing your personal data as described below. The operator is the person or organisation that runs this sign-in service and gave you access to it.

        Which data:
        - your account name, email address and chosen language;
        - the IP addresses, browser and device you sign in from;
        - the times of your sign-ins and of other actions on your account;
        - your approximate location (city and country), determined from your IP address.

        Why: to sign you in and keep you signed in; to protect your account, for example by limiting sign-in attempts and locking the account after repeated failures; to send you security alerts and the emails you ask for (confirmation links, password resets); and to keep an audit log of security events, which is required to investigate misuse. Your data is not used for any other purpose.

        How: the data is processed automatically: collected, stored, used, updated, and erased when no longer needed. Your password is stored only as a one-way hash.

        How long: account data is kept while your account exists. Data about a session is deleted soon after the session ends. Security events in the audit log are kept for as long as the operator needs them for security; your personal data in them is erased once it is no longer needed.

        Your rights: on your account page you can see your data and your sessions, and change your username, email address and language. To get a copy of your data, or to have it corrected or erased, contact the administrator of this service.

        Withdrawing consent: if you decline this agreement, you are signed out and cannot use the service until you accept it. To withdraw your consent altogether, ask the operator to delete your account; your personal data is then erased, except what the law requires to be kept.

        Contact: the operator's contact details are available from the organisation that gave you access to this service. If a support address is shown at the bottom of this page, you can also write there.

        This consent is valid until you withdraw it. If this agreement changes, you will be asked to accept the new version when you next sign in.
        """

    private static let russian = """
        # Согласие на обработку персональных данных

        Принимая это соглашение, вы свободно, своей волей и в своём интересе даёте оператору сервиса согласие на обработку ваших персональных данных на условиях, изложенных ниже. Оператор — лицо или организация, которые обеспечивают работу этого сервиса входа и предоставили вам доступ к нему.

        Перечень данных:
        - имя учётной записи, адрес электронной почты и выбранный язык;
        - IP-адреса, сведения о браузере и устройстве, с которых выполняется вход;
        - время входов и других действий с учётной записью;
        - приблизительное местоположение (город и страна), определяемое по IP-адресу.

        Цели обработки: вход в сервис и поддержание сеанса; защита учётной записи, в том числе ограничение числа попыток входа и блокировка после нескольких неудачных попыток; отправка уведомлений о безопасности и писем, которые вы запрашиваете (ссылок для подтверждения адреса и сброса пароля); ведение журнала событий безопасности, необходимого для расследования злоупотреблений. Для других целей ваши данные не используются.

        Способ обработки: автоматизированная обработка, включая сбор, запись, хранение, уточнение (обновление, изменение), использование, удаление и уничтожение. Пароль хранится только в виде необратимого хеша.

        Сроки: данные учётной записи хранятся, пока существует учётная запись. Сведения о сеансе удаляются вскоре после его завершения. События в журнале безопасности хранятся, пока они нужны оператору для обеспечения безопасности; персональные данные в них удаляются, когда необходимость в них отпадает.

        Ваши права: на странице учётной записи вы можете увидеть свои данные и сеансы, а также изменить имя пользователя, адрес электронной почты и язык. Чтобы получить сведения о ваших данных, уточнить или удалить их, обратитесь к администратору сервиса.

        Отзыв согласия: если вы откажетесь принять соглашение, вы выйдете из системы и не сможете пользоваться сервисом, пока не примете его. Чтобы полностью отозвать согласие, направьте оператору сервиса просьбу удалить учётную запись: после этого ваши персональные данные будут уничтожены, за исключением тех, которые оператор обязан хранить по закону.

        Контакты: контактные данные оператора сервиса можно узнать в организации, которая предоставила вам доступ к сервису. Если внизу этой страницы указан адрес поддержки, вы также можете написать на него.

        Согласие действует до его отзыва. Если текст соглашения изменится, при следующем входе вас попросят принять новую редакцию.
        """
}
