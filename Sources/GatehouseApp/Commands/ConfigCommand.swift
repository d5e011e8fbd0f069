import ArgumentParser
import Foundation

struct ConfigCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config", abstract: "Inspect the configuration.", subcommands: [Check.self])

    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print every key's effective value (secrets redacted); exit non-zero if any value is invalid.")

        @OptionGroup var options: CommonOptions

        @Argument(parsing: .allUnrecognized, help: "Any configuration key as a flag, as for serve.")
        var settingFlags: [String] = []

        func run() async throws {
            let flags: [String: String]
            do {
                flags = try SettingsLoader.parseFlags(settingFlags)
            } catch let error as SettingsError {
                throw CommandFailure(error.description)
            }
            let context = try await AppContext.load(options, extraFlags: flags)
            let width = SettingKeys.all.map(\.name.count).max() ?? 0
            for key in SettingKeys.all {
                let name = key.name.padding(toLength: width, withPad: " ", startingAt: 0)
                print("\(name)  \(context.settings.displayValue(for: key))")
            }
            // The resolved permissions, roles and groups (built in plus configured).
            for line in AccessSettings.describe(context.settings.access) {
                print(line)
            }
            for warning in ServeCommand.warnings(context.settings) {
                print("warning: \(warning)")
            }
            print("configuration is valid")
        }
    }
}
