extension MailTemplateText {
    var russian: String {
        switch self {
        case .greeting: "Здравствуйте, {username}!"
        case .greetingWithoutName: "Здравствуйте!"
        case .footerSentBy: "Это письмо отправлено сервисом «{product}»."
        case .footerSupport: "Есть вопросы? Напишите на адрес {email}."
        case .linkFallback: "Если кнопка не работает, скопируйте эту ссылку в адресную строку браузера:"
        case .linkValidity: "Срок действия ссылки — {duration}."

        case .detailTime: "Время"
        case .detailLocation: "Местоположение"
        case .detailDevice: "Устройство"
        case .detailBrowser: "Браузер"
        case .detailOperatingSystem: "Операционная система"
        case .detailIPAddress: "IP-адрес"
        case .detailName: "Имя"
        case .detailEmail: "Адрес"
        case .detailOrganization: "Организация"
        case .detailMessage: "Сообщение"
        case .detailTokenName: "Токен"
        case .detailPermissionGroup: "Группа прав"
        case .detailExpires: "Действует до"
        case .detailAdministrator: "Администратор"
        case .detailReason: "Причина"
        case .detailUntil: "До"

        case .actionResetPassword: "Сбросить пароль"
        case .resetPasswordNow: "Если это были не вы, сразу сбросьте пароль:"
        case .changePasswordAndWriteToSupport: "Если это были не вы, сразу смените пароль и напишите на адрес {email}."
        case .changePasswordAndTellAdministrator: "Если это были не вы, сразу смените пароль и сообщите об этом администратору."
        case .unexpectedWriteToSupport: "Если вы не ждали этого письма, напишите на адрес {email}."
        case .unexpectedTellAdministrator: "Если вы не ждали этого письма, сообщите об этом администратору."

        case .verifyEmailSubject: "Подтвердите адрес электронной почты — {product}"
        case .verifyEmailIntro:
            "Чтобы завершить регистрацию в сервисе «{product}», подтвердите адрес электронной почты по ссылке ниже."
        case .verifyEmailAction: "Подтвердить адрес"
        case .verifyEmailNotYou: "Если вы не создавали учётную запись, просто проигнорируйте это письмо."

        case .emailChangeVerifySubject: "Подтвердите новый адрес электронной почты — {product}"
        case .emailChangeVerifyIntro:
            "Вы указали {new_email} как новый адрес электронной почты для учётной записи в сервисе «{product}». Подтвердите его по ссылке ниже."
        case .emailChangeVerifyAction: "Подтвердить новый адрес"
        case .emailChangeVerifyCurrentKeepsWorking: "Пока новый адрес не подтверждён, продолжает действовать прежний."
        case .emailChangeVerifyNotYou: "Если вы этого не запрашивали, просто проигнорируйте письмо — ничего не изменится."

        case .emailChangeRequestedSubject: "Запрошена смена адреса электронной почты — {product}"
        case .emailChangeRequestedIntro:
            "Мы получили запрос на смену адреса электронной почты вашей учётной записи в сервисе «{product}» на {new_email}."
        case .emailChangeRequestedCurrentKeepsWorking:
            "Текущий адрес продолжит действовать, пока не будет подтверждён адрес {new_email}."

        case .emailChangedSubject: "Адрес электронной почты изменён — {product}"
        case .emailChangedIntro:
            "Адрес электронной почты вашей учётной записи в сервисе «{product}» изменён на {new_email}. Теперь письма об учётной записи будут приходить на новый адрес."
        case .emailChangedNotYouWriteToSupport:
            "Если это были не вы, сразу напишите на адрес {email}: возможно, кто-то другой получил доступ к вашей учётной записи."
        case .emailChangedNotYouTellAdministrator:
            "Если это были не вы, сразу сообщите об этом администратору: возможно, кто-то другой получил доступ к вашей учётной записи."

        case .emailInUseSubject: "Ваш адрес электронной почты уже зарегистрирован — {product}"
        case .emailInUseIntro:
            "Кто-то попытался указать этот адрес электронной почты для другой учётной записи в сервисе «{product}». Ничего не изменилось: адрес по-прежнему привязан к вашей учётной записи."
        case .emailInUseIfYou:
            "Если это были вы, то у вас уже есть учётная запись. Войдите под именем {username} или сбросьте пароль, если не помните его:"
        case .emailInUseNotYou: "Если это были не вы, ничего делать не нужно."

        case .passwordResetSubject: "Сброс пароля — {product}"
        case .passwordResetIntro:
            "Мы получили запрос на сброс пароля от вашей учётной записи в сервисе «{product}». Чтобы задать новый пароль, перейдите по ссылке ниже."
        case .passwordResetAction: "Задать новый пароль"
        case .passwordResetNotYou:
            "Если вы не запрашивали сброс пароля, просто проигнорируйте это письмо. Пароль останется прежним."

        case .passwordChangedSubject: "Пароль изменён — {product}"
        case .passwordChangedIntro:
            "Пароль от вашей учётной записи в сервисе «{product}» изменён. Все сеансы завершены, поэтому на каждом устройстве нужно войти заново с новым паролем."
        case .passwordChangedIfYou: "Если это были вы, больше ничего делать не нужно."
        case .passwordChangedThenWriteToSupport: "Затем напишите на адрес {email}."
        case .passwordChangedThenTellAdministrator: "Затем сообщите об этом администратору."

        case .accountLockedSubject: "Учётная запись заблокирована — {product}"
        case .accountLockedIntro:
            "Вход в вашу учётную запись в сервисе «{product}» заблокирован. Причина — {attempts} входа подряд."
        case .accountLockedUnlock:
            "Если это были вы, разблокируйте учётную запись по ссылке ниже. Срок действия ссылки — {duration}."
        case .accountLockedUnlockAction: "Разблокировать учётную запись"
        case .accountLockedReset:
            "Если вы забыли пароль или это были не вы, лучше сбросьте пароль — это тоже снимет блокировку. Срок действия этой ссылки — {duration}."
        case .accountLockedSupport: "Если не получается разблокировать учётную запись, напишите на адрес {email}."

        case .failedSignInSubject: "Неудачная попытка входа — {product}"
        case .failedSignInIntro: "Кто-то попытался войти в вашу учётную запись в сервисе «{product}» с неверным паролем."
        case .failedSignInPasswordKnownSubject: "Кто-то знает ваш пароль — {product}"
        case .failedSignInPasswordKnownIntro:
            "Кто-то вошёл в вашу учётную запись в сервисе «{product}» с правильным паролем, а затем ввёл неверный код из приложения-аутентификатора (или неверный резервный код)."
        case .failedSignInPasswordKnownIfYou: "Если это были вы (например, ошиблись при вводе кода), ничего делать не нужно."
        case .failedSignInPasswordKnownNotYou:
            "Если это были не вы, ваш пароль известен кому-то ещё: его остановил только второй шаг. Смените пароль сейчас:"
        case .failedSignInIfYou: "Если это были вы (например, ошиблись при вводе пароля), ничего делать не нужно."
        case .failedSignInNotYou:
            "Если это были не вы, возможно, кто-то пытается подобрать ваш пароль. На всякий случай сбросьте его:"

        case .newSignInSubject: "Новый вход в учётную запись — {product}"
        case .newSignInIntro:
            "В вашу учётную запись в сервисе «{product}» выполнен вход с нового устройства или из нового места."
        case .newSignInIfYou:
            "Если это были вы, ничего делать не нужно. На странице сеансов видны все устройства, с которых выполнен вход в вашу учётную запись, — там же можно завершить любой сеанс:"
        case .newSignInSessionsAction: "Посмотреть сеансы"

        case .twoFactorSetupSubject: "Настройте двухфакторную аутентификацию — {product}"
        case .twoFactorSetupIntro:
            "Двухфакторная аутентификация защищает вашу учётную запись в сервисе «{product}»: при входе, кроме пароля, нужно ввести код из приложения-аутентификатора. Чтобы её настроить:"
        case .twoFactorSetupStepInstall:
            "Установите на телефон приложение-аутентификатор, например Google Authenticator, Яндекс Ключ или Microsoft Authenticator."
        case .twoFactorSetupStepScan:
            "Откройте страницу настройки по ссылке ниже и отсканируйте приложением показанный там QR-код."
        case .twoFactorSetupStepCode:
            "Введите шестизначный код, который покажет приложение. Код меняется каждые 30 секунд, поэтому вводите текущий."
        case .twoFactorSetupAction: "Открыть страницу настройки"
        case .twoFactorSetupNoSecret:
            "Из соображений безопасности в письме нет ни QR-кода, ни ключа: они показываются только на странице настройки."

        case .twoFactorResetSubject: "Двухфакторная аутентификация сброшена — {product}"
        case .twoFactorResetByAdministrator:
            "Администратор сбросил двухфакторную аутентификацию для вашей учётной записи в сервисе «{product}»."
        case .twoFactorResetWithPassword:
            "Двухфакторная аутентификация для вашей учётной записи в сервисе «{product}» сброшена вместе с паролем."
        case .twoFactorResetByRecovery:
            "Двухфакторная аутентификация для вашей учётной записи в сервисе «{product}» отключена, потому что вы вошли с резервным кодом."
        case .twoFactorResetOther: "Двухфакторная аутентификация для вашей учётной записи в сервисе «{product}» сброшена."
        case .twoFactorResetNextSignIn: "При следующем входе вы заново настроите приложение-аутентификатор:"
        case .twoFactorResetAction: "Войти"

        case .backupCodeUsedSubject: "Использован резервный код — {product}"
        case .backupCodeUsedIntro: "Для входа в вашу учётную запись в сервисе «{product}» использован резервный код."
        case .backupCodeUsedReplaced:
            "При этом был показан новый резервный код, а прежний больше не действует. Сохраните новый код в надёжном месте."

        case .backupCodeRegeneratedSubject: "Создан новый резервный код — {product}"
        case .backupCodeRegeneratedIntro:
            "Для вашей учётной записи в сервисе «{product}» создан новый резервный код. Прежний код больше не действует."

        case .twoFactorDisabledSubject: "Двухфакторная аутентификация отключена — {product}"
        case .accountCreatedSubject: "Учётная запись создана: задайте пароль — {product}"
        case .accountCreatedIntro: "Администратор создал для вас учётную запись в сервисе «{product}». Ваше имя пользователя — {username}."
        case .accountCreatedAction: "Задать пароль"
        case .accountCreatedExpired: "Если срок ссылки истёк, запросите новую кнопкой «Забыли пароль?» на странице входа."
        case .accountCreatedSignIn: "Войти"
        case .apiTokenCreatedSubject: "Создан новый API-токен — {product}"
        case .apiTokenCreatedIntro:
            "Для вашей учётной записи в сервисе «{product}» создан API-токен. До окончания срока он может действовать от вашего имени с правами своей группы."
        case .apiTokenRotatedSubject: "API-токену выдан новый секрет — {product}"
        case .apiTokenRotatedIntro:
            "API-токену вашей учётной записи в сервисе «{product}» выдан новый секрет. Прежний секрет больше не действует."
        case .apiTokenNotYou: "Если это были не вы, удалите токен на странице учётной записи."
        case .apiTokenAction: "Ваши API-токены"
        case .administratorAccessSubject: "Администратор получил доступ к вашей учётной записи — {product}"
        case .administratorAccessIntro:
            "Администратор платформы начал временный доступ к вашей учётной записи {product}. Всё, что делается в это время, записывается в события безопасности вашей учётной записи."
        case .administratorAccessEnds:
            "Доступ закончится сам в указанное выше время или раньше, если администратор завершит его. Если вы этого не ожидали, обратитесь в службу технической поддержки."
        case .administratorAccessAction: "События безопасности"
        case .twoFactorEnabledSubject: "Двухфакторная аутентификация включена — {product}"
        case .twoFactorEnabledIntro:
            "Для вашей учётной записи в сервисе «{product}» включена двухфакторная аутентификация. Теперь для входа нужен код из приложения-аутентификатора."
        case .twoFactorReplacedSubject: "Приложение-аутентификатор заменено — {product}"
        case .twoFactorReplacedIntro:
            "Для вашей учётной записи в сервисе «{product}» настроено новое приложение-аутентификатор. Коды из прежнего приложения и прежний резервный код больше не действуют."
        case .twoFactorDisabledIntro:
            "Для вашей учётной записи в сервисе «{product}» отключена двухфакторная аутентификация."

        case .twoFactorReissueSubject: "Запрошено новое приложение-аутентификатор — {product}"
        case .twoFactorReissueIntro:
            "Пароль вашей учётной записи {product} был сброшен, и при этом запрошена повторная настройка двухфакторной аутентификации на новом устройстве."
        case .twoFactorReissueWhen:
            "До {effective_time} ничего не изменится: для входа по-прежнему нужен код из вашего текущего приложения-аутентификатора. После этого времени при следующем входе будет настроено новое."
        case .twoFactorReissueNotYou: "Если это были не вы, отмените запрос сейчас: ваше приложение-аутентификатор останется прежним."
        case .twoFactorReissueCancelAction: "Отменить запрос"
        case .usernameChangedSubject: "Имя пользователя изменено — {product}"
        case .usernameChangedIntro:
            "Имя пользователя вашей учётной записи в сервисе «{product}» изменено с «{old_username}» на «{username}». Теперь для входа используйте новое имя."

        case .invitationSubject: "Приглашение в «{organization}» — {product}"
        case .invitationIntro: "Вас пригласили в организацию «{organization}» в сервисе «{product}»."
        case .invitationIntroFrom: "{inviter} приглашает вас в организацию «{organization}» в сервисе «{product}»."
        case .invitationRegister:
            "Создайте учётную запись по ссылке ниже. Ссылка действует только для этого адреса; после выбора имени пользователя и пароля вы настроите двухфакторную аутентификацию."
        case .invitationAction: "Создать учётную запись"
        case .invitationAcceptSignIn:
            "У вас уже есть учётная запись ({username}). Войдите в неё и примите приглашение по ссылке ниже."
        case .invitationAcceptAction: "Принять приглашение"
        case .invitationNotExpected: "Если вы не ждали этого приглашения, просто проигнорируйте это письмо."

        case .accessRequestSubject: "Новый запрос доступа — {product}"
        case .accessRequestSubjectFor: "Новый запрос доступа в «{organization}» — {product}"
        case .accessRequestIntroFor: "Кто-то просит принять его в организацию «{organization}» в сервисе «{product}»:"
        case .accessRequestIntroNoOrganization: "Кто-то просит доступ к сервису «{product}», не указав известную вам организацию:"
        case .accessRequestTypedByThem:
            "Всё это ввёл сам запрашивающий. Прежде чем одобрить, убедитесь, кто он: при одобрении на этот адрес уйдёт приглашение."
        case .accessRequestAction: "Открыть запросы доступа"
        case .accessRequestAccountExistsSubject: "У вас уже есть учётная запись — {product}"
        case .accessRequestAccountExistsIntro:
            "Кто-то, возможно вы, запросил доступ к сервису «{product}» с этим адресом. У вас уже есть учётная запись: {username}. Войдите в неё:"
        case .accessRequestSignInAction: "Войти"
        case .accessRequestAccountExistsForgot: "Если вы забыли пароль, восстановите его:"
        case .accessRequestNotYou: "Если это были не вы, ничего делать не нужно."
        case .accessRequestRejectedSubject: "Ваш запрос доступа — {product}"
        case .accessRequestRejectedIntro: "Спасибо за интерес к сервису «{product}». Ваш запрос доступа не одобрен."
        case .accessRequestRejectedIntroFor:
            "Спасибо за интерес к сервису «{product}». Ваш запрос на вступление в организацию «{organization}» не одобрен."
        case .accessRequestRejectedNext: "Если вы считаете, что это ошибка, свяжитесь с тем, кто рассказал вам о сервисе."
        }
    }
}
