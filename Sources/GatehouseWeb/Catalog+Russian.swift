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
        case .goToSignIn: "Перейти ко входу"
        case .goToAccount: "Перейти к учётной записи"
        case .requestNewLink: "Запросить новую ссылку"

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
        case .errorTokenInvalidOrExpired: "Ссылка недействительна или срок её действия истёк. Запросите новую."
        case .noticeSignedOut: "Вы вышли из системы."
        case .noticeSessionExpired: "Сеанс завершён, так как вы были неактивны {duration}."
        case .noticeSessionEnded: "Сеанс завершён. Войдите снова."

        case .secondFactorTitle: "Двухфакторная аутентификация"
        case .secondFactorInstructions: "Введите шестизначный код из приложения-аутентификатора."
        case .secondFactorFieldCode: "Код"
        case .secondFactorSubmit: "Подтвердить"
        case .secondFactorUseBackupCode: "Восстановить доступ по резервному коду"
        case .errorSecondFactorInvalid: "Неверный код."
        case .secondFactorBackupCodeHeading: "Нет телефона под рукой?"
        case .secondFactorBackupCodeInstructions:
            "Введите вместо кода из приложения резервный код. Каждый резервный код действует только один раз, поэтому после входа вы получите новый."
        case .secondFactorBackupCodeSubmit: "Войти с резервным кодом"
        case .secondFactorLostPhone:
            "Потеряли телефон? При восстановлении доступа с резервным кодом двухфакторная аутентификация отключается, после чего её нужно заново настроить на новом телефоне."

        case .recoveryTitle: "Восстановление доступа по резервному коду"
        case .recoveryInstructions:
            "Воспользуйтесь этой страницей, если вы потеряли телефон. Введите резервный код из 8 символов: вы войдёте в систему, а двухфакторная аутентификация будет отключена. Затем заново настройте приложение-аутентификатор по новому QR-коду."
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
        case .passwordResetFieldEmail: "Адрес электронной почты"
        case .passwordResetSubmit: "Сбросить"
        case .passwordResetSent:
            "Если этот адрес привязан к учётной записи, мы отправили на него ссылку для сброса пароля."
        case .passwordResetSpamNote:
            "Если письмо не придёт в течение нескольких минут, проверьте папку «Спам» или убедитесь, что адрес указан верно, и попробуйте ещё раз."
        case .passwordResetLinkValidity: "Ссылка действует {duration}."
        case .passwordResetTwoFactorNote:
            "При установке нового пароля можно также получить новый QR-код для двухфакторной аутентификации — например, если у вас больше нет приложения-аутентификатора."
        case .passwordResetCompleteTitle: "Установка нового пароля"
        case .passwordResetCompleteInstructions:
            "Придумайте новый пароль. После его сохранения все сеансы вашей учётной записи будут завершены."
        case .passwordResetFieldNewPassword: "Новый пароль"
        case .passwordResetFieldRepeatPassword: "Повторите новый пароль"
        case .passwordResetReissueTwoFactor: "Также заново настроить двухфакторную аутентификацию (новый QR-код)"
        case .passwordResetReissueTwoFactorHint:
            "Отметьте, если у вас больше нет приложения-аутентификатора. После входа вы отсканируете новый QR-код."
        case .passwordResetCompleteSubmit: "Сохранить пароль"
        case .passwordResetDoneTitle: "Пароль изменён"
        case .passwordResetDone:
            "Новый пароль сохранён, все сеансы вашей учётной записи завершены. Теперь вы можете войти с новым паролем."
        case .passwordResetDoneReissueTwoFactor:
            "После входа нужно будет заново настроить двухфакторную аутентификацию с новым QR-кодом."
        case .passwordResetReissueBackupCode: "Резервный код (необязательно)"
        case .passwordResetReissueBackupCodeHint:
            "С резервным кодом новая настройка начнётся при следующем входе. Без него — только через {hours} ч.: до этого для входа по-прежнему нужен код из текущего приложения, а мы пришлём вам письмо со ссылкой для отмены."
        case .passwordResetDoneReissueScheduled:
            "Двухфакторная аутентификация будет настроена заново после {time}. До этого для входа по-прежнему нужен код из текущего приложения-аутентификатора. Мы отправили вам письмо со ссылкой для отмены."
        case .passwordResetReissueNotAllowed:
            "Двухфакторную аутентификацию этой учётной записи может сбросить только служба поддержки. Сохраните пароль без этого параметра."
        case .passwordResetReissueRecentlyCancelled:
            "Повторная настройка двухфакторной аутентификации для этой учётной записи недавно была отклонена. Введите резервный код, чтобы сделать это сейчас, или обратитесь в службу поддержки."
        case .reissueCancelTitle: "Оставить приложение-аутентификатор"
        case .reissueCancelInstructions:
            "При сбросе пароля запрошена повторная настройка двухфакторной аутентификации на новом устройстве. Подтвердите отмену запроса: ваше текущее приложение-аутентификатор останется прежним."
        case .reissueCancelSubmit: "Отменить запрос"
        case .reissueCancelDoneTitle: "Запрос отменён"
        case .reissueCancelDone:
            "Ваше приложение-аутентификатор осталось прежним. Если вы не сбрасывали пароль сами, кто-то читает вашу почту: сбросьте пароль ещё раз и защитите почтовый ящик."
        case .accountTwoFactorReissuePending:
            "При сбросе пароля запрошена повторная настройка двухфакторной аутентификации. Она вступит в силу {time}, если вы её не отмените."
        case .accountTwoFactorReissueCancel: "Отменить запрос"
        case .accountChangedTwoFactorReissueCancelled: "Запрос на повторную настройку двухфакторной аутентификации отменён."

        case .passwordRules:
            "Минимум {length}. Распространённые пароли и пароли, содержащие ваше имя пользователя или адрес электронной почты, не принимаются."
        case .errorPasswordTooWeak: "Пароль слишком простой. Выберите более длинный или менее предсказуемый пароль."
        case .errorPasswordTooShort: "Пароль должен содержать минимум {length}."
        case .errorPasswordTooLong: "Пароль может содержать максимум {length}."
        case .errorPasswordContainsUsername: "Пароль не должен содержать ваше имя пользователя."
        case .errorPasswordContainsEmail: "Пароль не должен содержать ваш адрес электронной почты."
        case .errorPasswordInvalidCharacters: "Пароль содержит недопустимые символы."
        case .errorPasswordCompromised: "Этот пароль слишком распространён, его легко подобрать. Выберите другой."
        case .errorPasswordsDoNotMatch: "Пароли не совпадают."

        case .verifyEmailTitle: "Подтверждение адреса электронной почты"
        case .verifyEmailInstructions: "Нажмите кнопку, чтобы подтвердить, что этот адрес электронной почты принадлежит вам."
        case .verifyEmailSubmit: "Подтвердить адрес"
        case .verifyEmailDoneTitle: "Адрес подтверждён"
        case .verifyEmailDone: "Адрес электронной почты подтверждён."
        case .verifyEmailPending:
            "Мы отправили ссылку для подтверждения на адрес {email}. Перейдите по ней, чтобы продолжить."
        case .verifyEmailResend: "Отправить ссылку ещё раз"
        case .verifyEmailResent:
            "Мы отправили новую ссылку для подтверждения. Если письмо не придёт в течение нескольких минут, проверьте папку «Спам»."

        case .unlockTitle: "Разблокировка учётной записи"
        case .unlockInstructions:
            "Учётная запись заблокирована после нескольких неудачных попыток входа. Нажмите кнопку, чтобы разблокировать её."
        case .unlockSubmit: "Разблокировать"
        case .unlockDoneTitle: "Учётная запись разблокирована"
        case .unlockDone:
            "Теперь вы можете снова войти. Если вы не помните пароль, не пытайтесь его угадать — лучше сбросьте его."

        case .accessRequestTitle: "Запрос доступа"

        case .accountTitle: "Учётная запись"
        case .accountProfile: "Профиль"
        case .accountPassword: "Пароль"
        case .accountEmail: "Адрес электронной почты"
        case .accountUsername: "Имя пользователя"
        case .accountLanguage: "Язык"
        case .accountSessions: "Сеансы"
        case .accountTwoFactor: "Двухфакторная аутентификация"
        case .accountAPITokens: "API-токены"
        case .accountSignedInAs: "Вы вошли как {username}."

        case .accountProfileUsername: "Имя пользователя"
        case .accountProfileEmail: "Электронная почта"
        case .accountProfileLanguage: "Язык"
        case .accountPendingEmail:
            "Новый адрес {email} ожидает подтверждения. До тех пор действует текущий адрес."
        case .accountFieldCurrentPassword: "Текущий пароль"
        case .accountFieldNewUsername: "Новое имя пользователя"
        case .accountFieldNewEmail: "Новый адрес электронной почты"
        case .accountFieldLanguage: "Язык страниц и писем"
        case .accountPasswordHint: "После смены пароля остальные ваши сеансы будут завершены."
        case .accountUsernameHint: "Буквы, цифры, точки, дефисы и знаки подчёркивания; не более 64 символов."
        case .accountEmailHint:
            "Мы отправим ссылку для подтверждения на новый адрес. Текущий адрес будет действовать, пока вы не подтвердите новый."
        case .accountPasswordSubmit: "Сменить пароль"
        case .accountUsernameSubmit: "Сменить имя пользователя"
        case .accountEmailSubmit: "Сменить адрес"
        case .accountLanguageSubmit: "Сохранить язык"
        case .accountChangedPassword: "Пароль изменён. Остальные ваши сеансы завершены."
        case .accountChangedUsername: "Имя пользователя изменено."
        case .accountChangedEmail:
            "Мы отправили ссылку для подтверждения на новый адрес. Перейдите по ней, чтобы начать пользоваться этим адресом; до тех пор действует текущий."
        case .accountChangedLanguage: "Язык сохранён."
        case .errorCurrentPasswordWrong: "Текущий пароль указан неверно."
        case .errorUsernameTaken: "Это имя пользователя уже занято."
        case .errorUsernameInvalid:
            "Имя пользователя может содержать только буквы, цифры, точки, дефисы и знаки подчёркивания — не более 64 символов."
        case .errorEmailInvalid: "Введите корректный адрес электронной почты, например name@example.com."

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

        case .accountTwoFactorOn: "Двухфакторная аутентификация включена."
        case .accountTwoFactorOnSince: "Двухфакторная аутентификация включена с {time}."
        case .accountTwoFactorOff:
            "Двухфакторная аутентификация отключена. Включите её, чтобы для входа, помимо пароля, требовался код из приложения-аутентификатора на вашем телефоне."
        case .accountTwoFactorRequired: "Для вашей учётной записи двухфакторная аутентификация обязательна, поэтому отключить её нельзя."
        case .accountTwoFactorCheckHeading: "Проверка кода"
        case .accountTwoFactorCheckHint:
            "Убедитесь, что приложение-аутентификатор выдаёт правильные коды. Код только проверяется и не считается использованным."
        case .accountTwoFactorCheckSubmit: "Проверить код"
        case .accountTwoFactorBackupCodeHeading: "Резервный код"
        case .accountTwoFactorBackupCodeHint:
            "Получите новый резервный код, если вы потеряли или уже использовали прежний. Старый код перестанет действовать, а новый будет показан только один раз."
        case .accountTwoFactorBackupCodeSubmit: "Получить новый резервный код"
        case .accountTwoFactorNewDeviceHeading: "Новое устройство или приложение"
        case .accountTwoFactorNewDeviceHint:
            "Переходите на новый телефон или в другое приложение-аутентификатор? Вы отсканируете новый QR-код; после подтверждения коды из старого приложения перестанут приниматься."
        case .accountTwoFactorNewDeviceSubmit: "Настроить новое устройство"
        case .accountTwoFactorDisableHeading: "Отключение двухфакторной аутентификации"
        case .accountTwoFactorDisableHint: "Без двухфакторной аутентификации для входа в учётную запись будет достаточно одного пароля."
        case .accountTwoFactorDisableSubmit: "Отключить"
        case .accountTwoFactorSetupHint: "Подтвердите действие текущим паролем, затем отсканируйте QR-код приложением-аутентификатором."
        case .accountTwoFactorSetupSubmit: "Настроить двухфакторную аутентификацию"
        case .accountChangedTwoFactorEnabled:
            "Двухфакторная аутентификация включена. Теперь для входа, помимо пароля, нужен код из приложения-аутентификатора."
        case .accountChangedTwoFactorDisabled: "Двухфакторная аутентификация отключена. Вы можете снова включить её в любой момент."
        case .accountTwoFactorCodeValid: "Код верный: приложение-аутентификатор настроено правильно."
        case .accountTwoFactorCodeInvalid:
            "Сейчас этот код недействителен. Проверьте, что на телефоне включена автоматическая установка даты и времени, и попробуйте новый код."
        }
    }
}
