extension Catalog {
    static func russian(_ key: MessageKey) -> String {
        switch key {
        case .skipToContent: "Перейти к основному содержимому"
        case .languageSelectorLabel: "Язык"
        case .languageNameEnglish: "English"
        case .languageNameRussian: "Русский"
        case .languageCodeEnglish: "EN"
        case .languageCodeRussian: "RU"
        case .signOut: "Выйти"
        case .supportContact: "Нужна помощь? Напишите на адрес {email}."
        case .backToSignIn: "Вернуться ко входу"

        case .loginTitle: "Вход"
        case .loginFieldLogin: "Имя пользователя или электронная почта"
        case .loginFieldPassword: "Пароль"
        case .loginSubmit: "Войти"
        case .loginForgotPassword: "Забыли пароль?"
        case .loginRequestAccess: "Запросить доступ"

        case .errorInvalidCredentials: "Неверный логин или пароль."
        case .errorRateLimited: "Слишком много попыток. Попробуйте ещё раз через {duration}."
        case .errorCSRF: "Срок действия формы истёк. Попробуйте ещё раз."
        case .errorServiceUnavailable: "Сервис временно недоступен. Попробуйте позже."
        case .errorTokenInvalidOrExpired: "Ссылка недействительна или срок её действия истёк."
        case .noticeSignedOut: "Вы вышли из системы."
        case .noticeSessionExpired: "Сеанс завершён, так как вы были неактивны {duration}."
        case .noticeSessionEnded: "Сеанс завершён. Войдите снова."

        case .secondFactorTitle: "Двухфакторная аутентификация"
        case .secondFactorInstructions: "Введите шестизначный код из приложения-аутентификатора."
        case .secondFactorFieldCode: "Код"
        case .secondFactorSubmit: "Подтвердить"
        case .secondFactorUseBackupCode: "Использовать резервный код"
        case .errorSecondFactorInvalid: "Неверный код."

        case .recoveryTitle: "Вход с резервным кодом"
        case .recoveryInstructions:
            "Введите резервный код из 8 символов. После этого двухфакторная аутентификация будет отключена, и вы сможете настроить её заново."
        case .recoveryFieldBackupCode: "Резервный код"
        case .recoverySubmit: "Продолжить"
        case .recoveryUseAuthenticator: "Ввести код из приложения-аутентификатора"
        case .errorBackupCodeInvalid: "Неверный резервный код."

        case .consentTitle: "Согласие на обработку персональных данных"
        case .consentIntro: "Чтобы продолжить, прочитайте соглашение и подтвердите своё согласие."
        case .consentAgreementLabel: "Текст соглашения"
        case .consentVersion: "Редакция {version}"
        case .consentCheckbox: "Я ознакомлен(а) с соглашением и принимаю его условия"
        case .consentContinue: "Продолжить"
        case .consentDecline: "Отказаться и выйти"
        case .errorConsentNotAccepted: "Чтобы продолжить, примите условия соглашения."

        case .twoFactorSetupTitle: "Настройка двухфакторной аутентификации"
        case .twoFactorSetupRequired: "Для вашей учётной записи обязательна двухфакторная аутентификация."
        case .twoFactorSetupInstructions:
            "Отсканируйте QR-код приложением-аутентификатором или введите ключ, указанный ниже."
        case .twoFactorSetupQRCodeLabel: "QR-код для приложения-аутентификатора"
        case .twoFactorSetupKey: "Ключ"
        case .twoFactorSetupOpenInApp: "Открыть в приложении-аутентификаторе на этом устройстве"
        case .twoFactorSetupFieldCode: "Код из приложения"
        case .twoFactorSetupSubmit: "Подтвердить"

        case .backupCodeTitle: "Сохраните резервный код"
        case .backupCodeShownOnce:
            "Этот код показывается только один раз. Сохраните его в надёжном месте: он понадобится, если вы потеряете доступ к приложению-аутентификатору. Каждый резервный код действует только один раз."
        case .backupCodeReplaced: "Вы использовали резервный код, и он больше не действует. Вот ваш новый код."
        case .backupCodeContinue: "Продолжить"

        case .passwordResetTitle: "Сброс пароля"
        case .passwordResetInstructions:
            "Введите адрес электронной почты вашей учётной записи, и мы отправим вам ссылку для установки нового пароля."
        case .passwordResetFieldEmail: "Электронная почта"
        case .passwordResetSubmit: "Отправить ссылку"
        case .passwordResetSent:
            "Если учётная запись с этим адресом существует, мы отправили на него ссылку для сброса пароля. Если письмо не придёт в течение нескольких минут, проверьте папку «Спам»."
        case .passwordResetCompleteTitle: "Установка нового пароля"
        case .passwordResetFieldNewPassword: "Новый пароль"
        case .passwordResetFieldRepeatPassword: "Повторите новый пароль"
        case .passwordResetReissueTwoFactor: "Также заново настроить двухфакторную аутентификацию (новый QR-код)"
        case .passwordResetCompleteSubmit: "Сохранить пароль"
        case .passwordResetDone: "Пароль изменён, все сеансы завершены. Теперь вы можете войти с новым паролем."
        case .errorPasswordTooWeak: "Пароль слишком простой. Выберите более длинный или менее предсказуемый пароль."
        case .errorPasswordCompromised: "Этот пароль встречался в утечках данных. Выберите другой."
        case .errorPasswordsDoNotMatch: "Пароли не совпадают."

        case .verifyEmailTitle: "Подтверждение адреса электронной почты"
        case .verifyEmailInstructions: "Подтвердите адрес электронной почты, чтобы продолжить."
        case .verifyEmailSubmit: "Подтвердить адрес"
        case .verifyEmailDone: "Адрес электронной почты подтверждён."
        case .verifyEmailPending:
            "Мы отправили ссылку для подтверждения на адрес {email}. Перейдите по ней, чтобы продолжить."
        case .verifyEmailResend: "Отправить ссылку ещё раз"

        case .unlockTitle: "Разблокировка учётной записи"
        case .unlockInstructions:
            "Учётная запись заблокирована после нескольких неудачных попыток входа. Подтвердите, чтобы разблокировать её."
        case .unlockSubmit: "Разблокировать"
        case .unlockDone: "Учётная запись разблокирована. Теперь вы можете войти."

        case .accessRequestTitle: "Запрос доступа"

        case .accountTitle: "Учётная запись"
        case .accountProfile: "Профиль"
        case .accountPassword: "Пароль"
        case .accountEmail: "Электронная почта"
        case .accountSessions: "Сеансы"
        case .accountTwoFactor: "Двухфакторная аутентификация"
        case .accountAPITokens: "API-токены"
        case .accountSignedInAs: "Вы вошли как {username}."
        case .accountSessionsIntro: "С этих устройств выполнен вход в ваш аккаунт. Завершите сеансы, которые вы не узнаёте, и смените пароль."
        case .accountSessionsCurrent: "Это устройство"
        case .accountSessionsRevoke: "Завершить сеанс"
        case .accountSessionsRevokeOthers: "Завершить все другие сеансы"
        case .accountSessionsLocationUnknown: "Местоположение неизвестно"
        case .accountSessionsDeviceUnknown: "Неизвестное устройство"
        case .accountSessionsSignedIn: "Вход: {time}"
        case .accountSessionsLastActive: "Последняя активность: {time}"
        case .accountSessionsRevoked: "Сеанс завершён."
        case .accountSessionsRevokedOthers: "Завершено других сеансов: {count}."
        }
    }
}
