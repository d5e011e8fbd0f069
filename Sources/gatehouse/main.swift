import GatehouseApp

await GatehouseCommand.runFromCommandLine()
