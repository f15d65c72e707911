import FloorConfiguration

/// libFuzzer entry: any text as `floorwatchd.toml` (the file a SIGHUP reload reads) is parsed into
/// a configuration or refused with a message, never a crash: a bad reload must leave the running
/// daemon untouched. Inputs that parse are checked once more: their configuration's rules and
/// settings are read back without trapping.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    if let parsed = try? ConfigurationFile.parse(text) {
        _ = parsed.configuration == parsed.configuration
    }
    return 0
}
