import PostgresKit
import PostgresNIO
import SQLiteKit
import SQLiteNIO
import SQLKit

// SQLKit logs every statement with its bound values at debug level by default. Those values include
// password hashes, addresses and token hashes, so Gatehouse never lets them into its logs, whatever
// the log level: statements are not logged.
extension SQLiteConnection {
    func quietSQL() -> any SQLDatabase {
        sql(encoder: .init(), decoder: .init(), queryLogLevel: nil)
    }
}

extension PostgresConnection {
    func quietSQL() -> any SQLDatabase {
        sql(queryLogLevel: nil)
    }
}
