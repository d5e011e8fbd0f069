import GatehouseCore
import SQLKit

/// The repositories of one open transaction, all on the transaction's connection.
struct SQLStoreTransaction: StoreTransaction {
    let database: any SQLDatabase
    let accounts: any AccountStore

    init(database: any SQLDatabase, errors: any DatabaseErrorTranslator) {
        self.database = database
        let executor = TransactionExecutor(database: database)
        self.accounts = SQLAccountStore(reader: executor, writer: executor, errors: errors)
    }
}
