internal import CVouchShims.Curl
import Foundation
import VouchCore

/// Runs every transfer of one ``CurlFetcher`` on one multi handle, driven by one dedicated thread.
///
/// Async callers ``submit(_:id:continuation:)`` attempts; the thread adds at most `maxInFlight` of them to the multi
/// handle at a time, runs `curl_multi_perform`, reads finished transfers with `curl_multi_info_read`, resumes their
/// callers, and sleeps in `curl_multi_poll` until a socket is ready, a libcurl timer fires or ``wakeup`` is called.
///
/// `@unchecked Sendable` because the class guards its shared state itself: `queue` is only touched under `lock`,
/// and the transfers and the multi handle are only touched on the driver thread (apart from the thread-safe
/// `curl_multi_wakeup`). Swift cannot see a thread confinement, hence the annotation.
final class CurlMultiDriver: @unchecked Sendable {
    private struct Pending {
        let id: UInt64
        let attempt: CurlAttempt
        let continuation: CheckedContinuation<CurlAttemptResult, Never>
    }

    /// State shared between callers and the driver thread, under `lock`.
    private struct Queue {
        var pending: [Pending] = []
        var activeIDs: Set<UInt64> = []
        var cancelledIDs: Set<UInt64> = []
        var stopping = false
    }

    private let multi: CurlMulti
    private let maxInFlight: Int
    private let lock = NSLock()
    private var queue = Queue()

    init(maxInFlight: Int) throws(FindingError) {
        guard let multi = CurlMulti() else {
            throw FindingError(.internalError, "libcurl could not be initialised", input: "libcurl")
        }
        self.multi = multi
        self.maxInFlight = max(maxInFlight, 1)
        let thread = Thread { [self] in run() }
        thread.name = "vouch.curl-multi"
        thread.start()
    }

    /// Queues an attempt; the continuation is resumed exactly once, on the driver thread.
    func submit(_ attempt: CurlAttempt, id: UInt64, continuation: CheckedContinuation<CurlAttemptResult, Never>) {
        let stopped = lock.withLock {
            if queue.stopping { return true }
            queue.pending.append(Pending(id: id, attempt: attempt, continuation: continuation))
            return false
        }
        if stopped {
            continuation.resume(returning: .failure(Self.cancelled(attempt.input), transient: false))
        } else {
            multi.wakeup()
        }
    }

    /// Cancels a queued or running attempt; its caller is resumed with `net.cancelled`. Unknown ids are ignored.
    func cancel(id: UInt64) {
        let dropped: Pending? = lock.withLock {
            if let index = queue.pending.firstIndex(where: { $0.id == id }) {
                return queue.pending.remove(at: index)
            }
            if queue.activeIDs.contains(id) { queue.cancelledIDs.insert(id) }
            return nil
        }
        if let dropped {
            dropped.continuation.resume(returning: .failure(Self.cancelled(dropped.attempt.input), transient: false))
        } else {
            multi.wakeup()
        }
    }

    /// Ends the driver thread after failing whatever is still queued or running.
    func stop() {
        lock.withLock { queue.stopping = true }
        multi.wakeup()
    }

    // MARK: Driver thread

    private func run() {
        var active: [UnsafeMutableRawPointer: CurlTransfer] = [:]
        while true {
            let (started, cancelled, stopping) = lock.withLock {
                let free = maxInFlight - active.count
                let started = queue.stopping ? [] : Array(queue.pending.prefix(max(free, 0)))
                queue.pending.removeFirst(started.count)
                queue.activeIDs.formUnion(started.map(\.id))
                let cancelled = queue.cancelledIDs
                queue.cancelledIDs = []
                return (started, cancelled, queue.stopping)
            }
            if stopping {
                shutDown(active: active)
                return
            }
            for transfer in active.values where cancelled.contains(transfer.id) {
                remove(transfer, from: &active)
                complete(transfer, .failure(Self.cancelled(transfer.attempt.input), transient: false))
            }
            for pending in started {
                do {
                    let transfer = try CurlTransfer(
                        id: pending.id,
                        attempt: pending.attempt,
                        continuation: pending.continuation
                    )
                    let added = curl_multi_add_handle(multi.handle, transfer.easy.handle)
                    guard added == CURLM_OK else {
                        complete(transfer, .failure(Self.multiFailure(added, transfer.attempt.input), transient: false))
                        continue
                    }
                    active[transfer.easy.handle] = transfer
                } catch {
                    lock.withLock { _ = queue.activeIDs.remove(pending.id) }
                    pending.continuation.resume(returning: .failure(error, transient: false))
                }
            }

            var running: Int32 = 0
            _ = curl_multi_perform(multi.handle, &running)
            var finishedAny = false
            var remaining: Int32 = 0
            while let message = curl_multi_info_read(multi.handle, &remaining) {
                guard message.pointee.msg == CURLMSG_DONE, let handle = message.pointee.easy_handle,
                    let transfer = active[handle]
                else { continue }
                let result = message.pointee.data.result
                remove(transfer, from: &active)
                complete(transfer, transfer.finish(result))
                finishedAny = true
            }
            // A finished transfer frees a slot: start queued work before sleeping.
            if finishedAny { continue }
            _ = curl_multi_poll(multi.handle, nil, 0, 10_000, nil)
        }
    }

    private func remove(_ transfer: CurlTransfer, from active: inout [UnsafeMutableRawPointer: CurlTransfer]) {
        _ = curl_multi_remove_handle(multi.handle, transfer.easy.handle)
        active[transfer.easy.handle] = nil
    }

    private func complete(_ transfer: CurlTransfer, _ result: CurlAttemptResult) {
        lock.withLock { _ = queue.activeIDs.remove(transfer.id) }
        transfer.continuation.resume(returning: result)
    }

    private func shutDown(active: [UnsafeMutableRawPointer: CurlTransfer]) {
        var active = active
        for transfer in Array(active.values) {
            remove(transfer, from: &active)
            complete(transfer, .failure(Self.cancelled(transfer.attempt.input), transient: false))
        }
        let pending = lock.withLock {
            let pending = queue.pending
            queue.pending = []
            return pending
        }
        for item in pending {
            item.continuation.resume(returning: .failure(Self.cancelled(item.attempt.input), transient: false))
        }
    }

    private static func cancelled(_ input: String) -> FindingError {
        FindingError(.netCancelled, "the fetch was cancelled", input: input)
    }

    private static func multiFailure(_ code: CURLMcode, _ input: String) -> FindingError {
        FindingError(
            .internalError,
            "libcurl could not start the transfer",
            input: input,
            details: ["curl": String(cString: curl_multi_strerror(code))]
        )
    }
}
