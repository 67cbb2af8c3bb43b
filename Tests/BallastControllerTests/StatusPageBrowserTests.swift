import BallastController
import BallastPlan
import Foundation
import Testing

/// The status page as a browser sees it: headless Chromium (Debian's `chromium`, which
/// `.ci/install` installs) loads each state's page, its DOM is checked, and a screenshot of it is
/// kept under `.build/screenshots/` for people to look at (CI keeps them as artifacts).
@Suite("the status page in headless Chromium", .serialized)
struct StatusPageBrowserTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    static let screenshots = repositoryRoot.appendingPathComponent(".build/screenshots")

    /// Runs chromium headless with `arguments` on `page`; its standard output.
    static func chromium(_ arguments: [String], page: URL, profile: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments =
            [
                "chromium", "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars",
                "--user-data-dir=\(profile.path)",
            ] + arguments + [page.absoluteString]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "chromium \(arguments) exited \(process.terminationStatus)")
        return String(decoding: data, as: UTF8.self)
    }

    @Test(
        "each state renders in Chromium: the DOM holds what the state needs, no script ran, a screenshot is kept",
        arguments: StatusPageStates.all.map(\.name))
    func state(name: String) throws {
        let status = try #require(StatusPageStates.all.first { $0.name == name }?.status)
        try FileManager.default.createDirectory(at: Self.screenshots, withIntermediateDirectories: true)
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("ballast-chromium-\(UUID())")
        defer { try? FileManager.default.removeItem(at: profile) }
        let page = Self.screenshots.appendingPathComponent("status-\(name).html")
        let html = StatusPage.render(
            StatusPageStates.document([status], error: name == "failed" ? "<script>x</script>" : nil),
            now: StatusPageStates.time)
        try html.write(to: page, atomically: true, encoding: .utf8)

        let dom = try Self.chromium(["--dump-dom"], page: page, profile: profile)
        #expect(dom.contains("<article class=\"stage phase-\(status.phase.rawValue)\" id=\"stage-\(status.stage)\""))
        #expect(!dom.contains("<script"), "a script element got into the page")
        switch name {
        case "rolling-out":
            #expect(dom.contains("<span class=\"new\" style=\"width: 20%\"></span>"))
            #expect(dom.contains("<li class=\"current\">20% now</li>"))
            #expect(dom.contains("next step at"))
        case "rolled-back":
            #expect(dom.contains("data-phase=\"rolledBack\""))
            #expect(dom.contains("<li>shop-qa-orders-errors</li>"))
        case "failed":
            #expect(dom.contains("deploy &lt;script&gt;alert('commit')&lt;/script&gt; failed"))
            #expect(dom.contains("<section class=\"error\"><h3>Last error</h3>"))
            #expect(dom.contains("<dd class=\"operation\">CloudFormation ExecuteChangeSet</dd>"))
            #expect(dom.contains("<dd class=\"code\">ValidationError</dd>"))
            #expect(dom.contains("<section id=\"problem\""))
        case "awaiting-approval":
            #expect(dom.contains("<pre class=\"command\">approve with: ballast approve --stage live"))
        default:
            #expect(dom.contains("<span class=\"phase\">synced</span>"))
        }

        let screenshot = Self.screenshots.appendingPathComponent("status-\(name).png")
        try? FileManager.default.removeItem(at: screenshot)
        _ = try Self.chromium(
            ["--screenshot=\(screenshot.path)", "--window-size=1100,700"], page: page, profile: profile)
        let png = try Data(contentsOf: screenshot)
        #expect(png.count > 5_000, "a screenshot of \(png.count) bytes is blank")
        #expect(png.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
    }
}
