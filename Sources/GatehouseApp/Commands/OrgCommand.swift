import ArgumentParser
import Foundation
import GatehouseCore

/// `gatehouse org`: organisations and their members, as a platform administrator manages them.
struct OrgCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "org", abstract: "Manage organisations and their members.",
        subcommands: [Create.self, List.self, AddMember.self])

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Create an organisation.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "Slug: 2–40 characters of a-z, 0-9 and inner hyphens (its name in URLs and forward-auth headers).") var slug: String
        @Option(help: "Name, as people read it.") var name: String

        func run() async throws {
            let organization = try await OrgCommand.organizations(options) { try await $0.create(slug: slug, name: name) }
            print("created organisation \(organization.slug) (\(organization.name)) id \(organization.id)")
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List organisations with their members.")
        @OptionGroup var options: CommonOptions

        func run() async throws {
            let listed = try await OrgCommand.organizations(options) { organizations in
                var listed: [(Organization, [OrganizationMember])] = []
                for organization in try await organizations.all() {
                    listed.append((organization, try await organizations.members(of: organization.slug)))
                }
                return listed
            }
            print(["SLUG", "NAME", "MEMBERS", "OPERATORS"].joined(separator: "\t"))
            for (organization, members) in listed {
                let operators = members.filter { $0.role == .operator }.map(\.username)
                print([organization.slug, organization.name, String(members.count), operators.joined(separator: ",")].joined(separator: "\t"))
            }
        }
    }

    struct AddMember: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "add-member", abstract: "Add an account to an organisation, or change its role there.")
        @OptionGroup var options: CommonOptions
        @Argument(help: "The organisation's slug.") var slug: String
        @Argument(help: "Username or email.") var name: String
        @Option(help: "Role in the organisation: member or operator.") var role: String = OrgRole.member.rawValue

        func validate() throws {
            guard OrgRole(rawValue: role) != nil else { throw ValidationError("--role must be member or operator") }
        }

        func run() async throws {
            let context = try await AppContext.load(options)
            let member = try await context.withStore { store in
                do {
                    guard let account = try await context.administration(store).find(name) else {
                        throw CommandFailure("no account has the username or email \(name)")
                    }
                    return try await context.organizations(store).setMember(account.id, of: slug, role: OrgRole(rawValue: role) ?? .member)
                } catch let error as GatehouseError {
                    throw CommandFailure(error.description)
                }
            }
            print("\(member.username) is \(member.role.rawValue) of \(slug.lowercased())")
        }
    }

    /// Runs `body` with the organisations of the configured store; Gatehouse's errors become messages.
    static func organizations<T: Sendable>(_ options: CommonOptions, _ body: @Sendable (OrganizationAdministration) async throws -> T) async throws -> T {
        let context = try await AppContext.load(options)
        return try await context.withStore { store in
            do {
                return try await body(try context.organizations(store))
            } catch let error as GatehouseError {
                throw CommandFailure(error.description)
            }
        }
    }
}
