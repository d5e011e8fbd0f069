import Foundation
import GatehouseCore
import Yams

/// `permissions`, `roles.<name>` and `permission_groups.<name>`: lists under names the operator
/// chooses, which the key-by-key reader cannot enumerate. They come from the config file (nested, as
/// lists or comma-separated strings) and from the environment (`GATEHOUSE_PERMISSIONS`,
/// `GATEHOUSE_ROLES_<NAME>`, `GATEHOUSE_PERMISSION_GROUPS_<NAME>`, comma-separated; the environment wins
/// per name). Flags cannot set them.
enum AccessSettings {
    struct Lists: Equatable {
        var permissions: [String] = []
        var roles: [String: [String]] = [:]
        var groups: [String: [String]] = [:]
    }

    static func load(configFile: String?, environment: [String: String]) throws -> AccessModel {
        var lists = Lists()
        var problems: [String] = []
        if let configFile {
            do {
                lists = try fromFile(configFile)
            } catch let error as SettingsError {
                problems += error.problems
            }
        }
        let fromEnvironment = fromEnvironment(environment)
        if !fromEnvironment.permissions.isEmpty { lists.permissions = fromEnvironment.permissions }
        lists.roles.merge(fromEnvironment.roles) { $1 }
        lists.groups.merge(fromEnvironment.groups) { $1 }
        do {
            let model = try AccessModel(permissions: lists.permissions, roles: lists.roles, groups: lists.groups)
            guard problems.isEmpty else { throw SettingsError(problems: problems) }
            return model
        } catch let error as AccessModelError {
            throw SettingsError(problems: problems + error.problems)
        }
    }

    static func fromFile(_ path: String) throws -> Lists {
        guard let data = FileManager.default.contents(atPath: path) else { return Lists() }
        let document: Any?
        do {
            if path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                document = try Yams.load(yaml: String(decoding: data, as: UTF8.self))
            } else {
                document = try JSONSerialization.jsonObject(with: data)
            }
        } catch {
            // The key-by-key reader reports a file it cannot read.
            return Lists()
        }
        guard let root = document as? [String: Any] else { return Lists() }
        var lists = Lists()
        var problems: [String] = []
        if let value = root["permissions"] {
            if let names = names(value) { lists.permissions = names } else { problems.append("permissions: must be a list of names") }
        }
        for (key, target) in [("roles", \Lists.roles), ("permission_groups", \Lists.groups)] {
            guard let value = root[key] else { continue }
            guard let table = value as? [String: Any] else {
                problems.append("\(key): must map names to lists of permissions")
                continue
            }
            for (name, entry) in table {
                if let names = names(entry) { lists[keyPath: target][name] = names } else { problems.append("\(key).\(name): must be a list of permissions") }
            }
        }
        guard problems.isEmpty else { throw SettingsError(problems: problems) }
        return lists
    }

    static func fromEnvironment(_ environment: [String: String]) -> Lists {
        var lists = Lists()
        for (variable, value) in environment {
            if variable == "GATEHOUSE_PERMISSIONS" {
                lists.permissions = split(value)
            } else if variable.hasPrefix("GATEHOUSE_ROLES_") {
                lists.roles[variable.dropFirst("GATEHOUSE_ROLES_".count).lowercased()] = split(value)
            } else if variable.hasPrefix("GATEHOUSE_PERMISSION_GROUPS_") {
                lists.groups[variable.dropFirst("GATEHOUSE_PERMISSION_GROUPS_".count).lowercased()] = split(value)
            }
        }
        return lists
    }

    /// A list of names, or one comma-separated string of them.
    static func names(_ value: Any) -> [String]? {
        if let list = value as? [Any] {
            let strings = list.compactMap { $0 as? String }
            return strings.count == list.count ? strings.map { $0.trimmingCharacters(in: .whitespaces) } : nil
        }
        if let text = value as? String { return split(text) }
        return nil
    }

    static func split(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The resolved roles and groups as `config check` prints them.
    static func describe(_ model: AccessModel) -> [String] {
        func list(_ permissions: Set<Permission>) -> String { permissions.map(\.rawValue).sorted().joined(separator: ", ") }
        var lines = ["permissions: " + list(model.permissions)]
        for (name, permissions) in model.roles.sorted(by: { $0.key < $1.key }) { lines.append("roles.\(name): " + list(permissions)) }
        for (name, permissions) in model.groups.sorted(by: { $0.key < $1.key }) { lines.append("permission_groups.\(name): " + list(permissions)) }
        return lines
    }
}
