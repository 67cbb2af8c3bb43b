import BallastTestSupport
import Testing

/// `ballast` starts without libgit2 and libcurl and their dependencies (krb5, LDAP, GnuTLS, …):
/// CLazyLibraries opens each on first use, so `validate`, `synth` and `--help` never load them.
/// Nor does it load libxml2 and ICU: AWS's XML is read in Swift (`XMLReader`), not through
/// FoundationXML.
@Suite("ballast start")
struct StartupLibrariesTests {
    @Test("the dynamic loader maps neither libgit2, libcurl nor libxml2 when ballast starts")
    func gitAndCurlNotLoadedAtStart() throws {
        // glibc's loader lists what it maps for the program, then exits without running it.
        let result = try BallastExecutable.run(["--help"], environment: ["LD_TRACE_LOADED_OBJECTS": "1"])
        #expect(result.status == 0, "\(result.standardError)")
        #expect(result.standardOutput.contains("libc.so"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("libgit2"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("libcurl"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("libxml2"), "\(result.standardOutput)")
        #expect(!result.standardOutput.contains("FoundationXML"), "\(result.standardOutput)")
    }
}
