import ArgumentParser
import Foundation
import GatehouseCore

struct UserCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "user", abstract: "Manage accounts.",
        subcommands: [Create.self, List.self, Disable.self, Enable.self, Unlock.self, ResetTwoFactor.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an account; the password is read from standard input.")

        @OptionGroup var options: CommonOptions
        @Option(help: "Username: letters, digits, '.', '_' and '-'.") var username: String
        @Option(help: "Email address.") var email: String
        @Option(name: .customLong("role"), help: "A role to grant (repeatable), e.g. --role admin.") var roles: [String] = []
        @Flag(help: "Mark the email address as verified.") var verified = false
        @Option(help: "Preferred language: en or ru.") var language: String = "en"
        @Flag(name: .customLong("password-stdin"), help: "Read the password from standard input (required).") var passwordFromStandardInput = false

        func validate() throws {
            guard passwordFromStandardInput else {
                throw ValidationError("pass --password-stdin and the password on standard input, e.g. printf '%s' \"$PW\" | gatehouse user create …; passwords are never taken as arguments")
            }
            guard Language(rawValue: language) != nil else { throw ValidationError("--language must be en or ru") }
        }

        func run() async throws {
            let password = try readPasswordFromStandardInput()
            var grantedRoles: Set<Role> = []
            for raw in roles {
                do {
                    grantedRoles.insert(try Role.validated(raw))
                } catch {
                    throw CommandFailure(error.description)
                }
            }
            let context = try await AppContext.load(options)
            let request = AccountCreation(
                username: username, email: email, password: password, roles: grantedRoles, emailVerified: verified,
                language: Language(rawValue: language) ?? .en)
            let account = try await context.withStore { store in
                do {
                    return try await context.administration(store).create(request)
                } catch let error as GatehouseError {
                    throw CommandFailure(error.description)
                }
            }
            print("created account \(account.username) <\(account.email)> id \(account.id)" + (grantedRoles.isEmpty ? "" : " roles \(grantedRoles.sorted().map(\.name).joined(separator: ","))"))
            if !verified { print("a verification link was queued for \(account.email); a running server mails it") }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List accounts.")
        @OptionGroup var options: CommonOptions

        func run() async throws {
            let context = try await AppContext.load(options)
            let accounts = try await context.withStore { store in
                var all: [Account] = []
                var after: AccountID?
                while true {
                    let page = try await store.accounts.list(limit: 500, after: after)
                    all += page
                    guard page.count == 500, let last = page.last else { break }
                    after = last.id
                }
                return all
            }
            print(["ID", "USERNAME", "EMAIL", "STATUS", "LOCKED", "VERIFIED", "ROLES"].joined(separator: "\t"))
            for account in accounts {
                print([account.id.rawValue, account.username, account.email, account.status.rawValue,
                       account.isLocked ? "yes" : "no", account.emailVerifiedAt == nil ? "no" : "yes",
                       account.roles.sorted().map(\.name).joined(separator: ",")].joined(separator: "\t"))
            }
        }
    }

    struct Disable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Disable an account: it can no longer sign in.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Username or email.") var name: String

        func run() async throws {
            let account = try await administer(options, name) { try await $0.disable($1) }
            print("disabled \(account.username)")
        }
    }

    struct Enable: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Enable a disabled account.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Username or email.") var name: String

        func run() async throws {
            let account = try await administer(options, name) { try await $0.enable($1) }
            print("enabled \(account.username)")
        }
    }

    struct Unlock: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Unlock an account locked after failed sign-ins.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Username or email.") var name: String

        func run() async throws {
            let account = try await administer(options, name) { try await $0.unlock($1) }
            print("unlocked \(account.username)")
        }
    }

    struct ResetTwoFactor: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "reset-two-factor",
            abstract: "Turn off an account's authenticator app: its sessions end and it sets up a new one at the next sign-in.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Username or email.") var name: String

        func run() async throws {
            let account = try await administer(options, name) { try await $0.resetTwoFactor($1) }
            print("two-factor authentication reset for \(account.username); it is set up again at the next sign-in")
        }
    }
}

/// Runs one administrative action on the account named by username or email.
private func administer(
    _ options: CommonOptions, _ name: String,
    _ action: @Sendable @escaping (AccountAdministration, String) async throws -> Account
) async throws -> Account {
    let context = try await AppContext.load(options)
    return try await context.withStore { store in
        do {
            return try await action(try context.administration(store), name)
        } catch let error as GatehouseError {
            throw CommandFailure(error.code == .notFound ? "no account named \(name)" : error.description)
        }
    }
}

/// The whole of standard input as UTF-8, without one trailing line break.
func readPasswordFromStandardInput() throws -> String {
    let data = FileHandle.standardInput.readDataToEndOfFile()
    guard data.count <= 4096 else { throw CommandFailure("the password on standard input is too long") }
    guard var password = String(validating: data, as: UTF8.self) else {
        throw CommandFailure("the password on standard input is not valid UTF-8")
    }
    // "\r\n" is one Character in Swift, so one removeLast drops either line ending.
    if password.hasSuffix("\r\n") || password.hasSuffix("\n") { password.removeLast() }
    guard !password.isEmpty else { throw CommandFailure("no password on standard input") }
    return password
}
