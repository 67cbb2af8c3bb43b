import Hummingbird

/// Answers a path no route serves with a 404 and one line of text naming the pages there are,
/// instead of an empty body.
struct NotFoundText<Context: RequestContext>: RouterMiddleware {
    /// The line sent.
    static var message: String {
        "no such page; there are /, /status, /status/<stage>, /badge/<stage>.svg, /metrics, /healthz and /readyz\n"
    }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound {
            return Response(
                status: .notFound, headers: [.contentType: "text/plain; charset=utf-8"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: Self.message)))
        }
    }
}
