import BallastFuzzing
import CFuzzerDriver
import Foundation

/// The target this process fuzzes, from `BALLAST_FUZZ_TARGET` (`desired-state`,
/// `cloudformation-xml`, `webhook`, `template-diff`); read once, before the first input.
let fuzzTarget: FuzzTarget = {
    let name = ProcessInfo.processInfo.environment["BALLAST_FUZZ_TARGET"] ?? ""
    guard let target = FuzzTarget(rawValue: name) else {
        let names = FuzzTarget.allCases.map(\.rawValue).joined(separator: ", ")
        FileHandle.standardError.write(Data("set BALLAST_FUZZ_TARGET to one of: \(names)\n".utf8))
        exit(2)
    }
    return target
}()

/// libFuzzer's entry point: one input through the chosen harness. A trap or a sanitizer report
/// is the finding; the outcome itself is not.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ start: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    let bytes = start.map { Array(UnsafeBufferPointer(start: $0, count: count)) } ?? []
    _ = fuzzTarget.run(bytes)
    return 0
}

/// The process's entry point in a debug build: SwiftPM links a debug executable with `main`
/// renamed to `<module>_main` (so that tests can import it), which hides libFuzzer's own `main`;
/// this hands the process to libFuzzer's driver instead. A release build uses libFuzzer's `main`.
@_cdecl("ballast_fuzz_main")
public func fuzzMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    ballast_run_fuzzer_driver(argc, argv) { data, size in
        fuzzOneInput(data, size)
    }
}
