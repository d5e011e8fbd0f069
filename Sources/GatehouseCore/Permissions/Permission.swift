import Foundation

/// What a caller may do, as `resource:action` (`account:read`, `org:invite`, an application's
/// `reports:export`). Gatehouse's own permissions are built in; applications add theirs in the
/// configuration (`permissions`).
public struct Permission: Hashable, Sendable, Comparable, CustomStringConvertible, Codable {
    public let rawValue: String

    /// A well-formed permission: a resource and an action of 1–32 characters of `a-z`, `0-9`, `_` and
    /// `-` each, joined by one colon (so lists fit into headers as they are).
    public init?(_ text: String) {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 2, parts.allSatisfy({ part in
            (1...32).contains(part.count)
                && part.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" || $0 == "-" }
        }) else { return nil }
        self.rawValue = text
    }

    private init(builtIn: String) { self.rawValue = builtIn }

    public var description: String { rawValue }
    public static func < (lhs: Permission, rhs: Permission) -> Bool { lhs.rawValue < rhs.rawValue }
    /// `account` of `account:read`.
    public var resource: Substring { rawValue.prefix { $0 != ":" } }
    /// `read` of `account:read`.
    public var action: Substring { rawValue.split(separator: ":").last ?? "" }

    public static let accountRead = Permission(builtIn: "account:read")
    public static let accountWrite = Permission(builtIn: "account:write")
    public static let sessionsRead = Permission(builtIn: "sessions:read")
    public static let sessionsManage = Permission(builtIn: "sessions:manage")
    public static let orgRead = Permission(builtIn: "org:read")
    public static let orgInvite = Permission(builtIn: "org:invite")
    public static let orgManage = Permission(builtIn: "org:manage")
    public static let adminUsers = Permission(builtIn: "admin:users")
    public static let adminOrganizations = Permission(builtIn: "admin:organizations")
    public static let adminAudit = Permission(builtIn: "admin:audit")
    public static let adminImpersonate = Permission(builtIn: "admin:impersonate")

    /// Gatehouse's own permissions.
    public static let builtIn: [Permission] = [
        .accountRead, .accountWrite, .sessionsRead, .sessionsManage, .orgRead, .orgInvite, .orgManage,
        .adminUsers, .adminOrganizations, .adminAudit, .adminImpersonate,
    ]
}

/// Who holds which permission: the known permissions, roles mapped to permissions and the permission
/// groups API tokens are scoped to. Built from the built-in sets plus the configuration; every name a
/// role or group lists is a known permission (`init` refuses anything else).
///
/// - Every account holds the role `user` (its own account and sessions).
/// - Platform roles (`Account.roles`): `admin` holds every built-in permission; configured roles add.
/// - Organisation roles (`member`, `operator`) hold theirs in the organisation they are held in.
/// - Configuration adds to a built-in role; it never takes a built-in permission away from one.
/// - Groups: `read_only` (every known `…:read`), `read_write` (every known permission), and configured ones.
public struct AccessModel: Sendable, Equatable {
    public static let everyoneRole = "user"
    public static let readOnly = "read_only"
    public static let readWrite = "read_write"

    public static let builtInRoles: [String: Set<Permission>] = [
        everyoneRole: [.accountRead, .accountWrite, .sessionsRead, .sessionsManage],
        OrgRole.member.rawValue: [.orgRead],
        OrgRole.operator.rawValue: [.orgRead, .orgInvite],
        Role.admin.name: Set(Permission.builtIn),
    ]

    /// Every permission a role or group may name: the built-in ones and the application's.
    public let permissions: Set<Permission>
    /// Role name → permissions (platform roles, `user`, and the organisation roles `member`/`operator`).
    public let roles: [String: Set<Permission>]
    /// Permission group name → permissions, for API tokens.
    public let groups: [String: Set<Permission>]

    public static let builtIn = AccessModel()

    private init() {
        self.permissions = Set(Permission.builtIn)
        self.roles = Self.builtInRoles
        self.groups = Self.builtInGroups(Set(Permission.builtIn))
    }

    /// The built-in model plus the configuration's permissions, roles and groups (by name, as written).
    /// Throws a list of problems: malformed names, a role or group naming an unknown permission, a
    /// configured group redefining a built-in one.
    public init(permissions configured: [String], roles configuredRoles: [String: [String]], groups configuredGroups: [String: [String]]) throws(AccessModelError) {
        var problems: [String] = []
        var known = Set(Permission.builtIn)
        for name in configured {
            guard let permission = Permission(name) else {
                problems.append("permissions: \"\(name)\" is not a permission (resource:action, a-z 0-9 _ -)")
                continue
            }
            known.insert(permission)
        }
        func resolve(_ names: [String], in place: String) -> Set<Permission> {
            var resolved = Set<Permission>()
            for name in names {
                guard let permission = Permission(name), known.contains(permission) else {
                    problems.append("\(place): unknown permission \"\(name)\" (add it to `permissions` first)")
                    continue
                }
                resolved.insert(permission)
            }
            return resolved
        }
        var roles = Self.builtInRoles
        for (name, names) in configuredRoles.sorted(by: { $0.key < $1.key }) {
            guard Self.isWellFormedName(name) else {
                problems.append("roles.\(name): role names are 1–32 characters of a-z, 0-9 and _")
                continue
            }
            roles[name, default: []].formUnion(resolve(names, in: "roles.\(name)"))
        }
        var groups = Self.builtInGroups(known)
        for (name, names) in configuredGroups.sorted(by: { $0.key < $1.key }) {
            guard Self.isWellFormedName(name) else {
                problems.append("permission_groups.\(name): group names are 1–32 characters of a-z, 0-9 and _")
                continue
            }
            guard groups[name] == nil else {
                problems.append("permission_groups.\(name): \(name) is built in and cannot be redefined")
                continue
            }
            groups[name] = resolve(names, in: "permission_groups.\(name)")
        }
        guard problems.isEmpty else { throw AccessModelError(problems: problems) }
        self.permissions = known
        self.roles = roles
        self.groups = groups
    }

    static func builtInGroups(_ known: Set<Permission>) -> [String: Set<Permission>] {
        [readOnly: known.filter { $0.action == "read" }, readWrite: known]
    }

    public static func isWellFormedName(_ name: String) -> Bool {
        (1...32).contains(name.count) && name.unicodeScalars.allSatisfy { ("a"..."z").contains($0) || ("0"..."9").contains($0) || $0 == "_" }
    }

    /// What `account` may do now. With an organisation (slug): what it may do there (its platform roles
    /// and its role in that organisation); without: everywhere it may do anything (every organisation's
    /// role counts). A disabled account may do nothing.
    public func permissions(of account: Account, in organization: String? = nil) -> Set<Permission> {
        guard account.status == .active else { return [] }
        var held = roles[Self.everyoneRole] ?? []
        for role in account.roles {
            if let granted = roles[role.name] { held.formUnion(granted) }
        }
        if let organization {
            if let role = account.organizations[organization], let granted = roles[role.rawValue] { held.formUnion(granted) }
        } else {
            for role in Set(account.organizations.values) {
                if let granted = roles[role.rawValue] { held.formUnion(granted) }
            }
        }
        return held
    }

    /// Whether someone holding `held` may grant (or take away) these platform roles: only when they
    /// hold every permission the roles give, so nobody hands out more than their own access.
    public func mayGrant(_ granted: Set<Role>, holding held: Set<Permission>) -> Bool {
        granted.allSatisfy { (roles[$0.name] ?? []).isSubset(of: held) }
    }

    /// Roles of a token or a session, as forward auth reports them: for a token only the roles whose
    /// every permission the token may use, so a read-only token of an administrator does not pass
    /// for one.
    public func reportedRoles(_ account: Account, permissions: Set<Permission>, token: Bool) -> [Role] {
        let roles = account.roles.sorted()
        guard token else { return roles }
        return roles.filter { (self.roles[$0.name] ?? []).isSubset(of: permissions) }
    }

    /// What a token of `group` owned by `account` may do now: the group's permissions that the owner
    /// holds at this moment (nothing for a group no longer configured).
    public func permissions(ofToken group: String, owner account: Account, in organization: String? = nil) -> Set<Permission> {
        guard let granted = groups[group] else { return [] }
        return granted.intersection(permissions(of: account, in: organization))
    }
}

public struct AccessModelError: Error, Sendable, CustomStringConvertible {
    public let problems: [String]
    public var description: String { problems.joined(separator: "\n") }
}
