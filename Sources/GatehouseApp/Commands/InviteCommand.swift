import ArgumentParser
import Foundation
import GatehouseCore

/// `gatehouse invite`: invites an address into an organisation, as a platform administrator would. The
/// mail waits in the outbox until a running server delivers it; the token is never printed.
struct InviteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "invite", abstract: "Invite an email address into an organisation (the invitation is mailed).")
    @OptionGroup var options: CommonOptions
    @Option(help: "The address to invite.") var email: String
    @Option(help: "The organisation's slug.") var org: String
    @Option(help: "Create the organisation with this name (then --org is the new slug).") var newOrgName: String?
    @Option(help: "Role in the organisation: member or operator.") var role: String = OrgRole.member.rawValue

    func validate() throws {
        guard OrgRole(rawValue: role) != nil else { throw ValidationError("--role must be member or operator") }
    }

    func run() async throws {
        let context = try await AppContext.load(options)
        let target: InvitationTarget = newOrgName.map { .newOrganization(slug: org, name: $0) } ?? .organization(slug: org)
        let invitation = try await context.withStore { store in
            do {
                return try await context.invitations(store).invite(email: email, into: target, orgRole: OrgRole(rawValue: role) ?? .member,
                                                                   by: .commandLine)
            } catch let error as GatehouseError {
                throw CommandFailure(error.description)
            }
        }
        print("invited \(invitation.email) into \(invitation.organization.slug) as \(invitation.orgRole.rawValue): invitation \(invitation.id), "
              + "valid until \(DisplayTime.format(invitation.expiresAt)); the mail goes out from the outbox")
    }
}
