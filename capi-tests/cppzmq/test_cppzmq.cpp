/* cppzmq (Debian's cppzmq-dev: zmq.hpp + zmq_addon.hpp, header-only) on the
 * library under test, through cppzmq's API only: context_t, socket_t with
 * socket_type enums, send/recv with zmq::buffer / message_t and the
 * recv_result_t optionals, send_multipart / recv_multipart and multipart_t,
 * zmq::poll, monitor_t (connected, accepted and handshake-succeeded events),
 * set(zmq::sockopt::...) / get(...), errors as zmq::error_t with the right
 * errno, tcp REQ/REP, PUSH/PULL, PUB/SUB and DEALER/ROUTER with wildcard
 * binds read back through ZMQ_LAST_ENDPOINT, proxy_steerable.
 *
 * It first checks which library it runs on: the libzmq mapped in the
 * process (/proc/self/maps) must be EXPECTED_ZMQ_LIB and nothing else, and
 * zmq_has("tls") must be 1 (ours) - or 0 when built against real libzmq's
 * header (ZMQ_HEADER_IS_REAL), which is how the test itself is validated:
 *
 *   g++ -std=c++17 -I/usr/include -DZMQ_HEADER_IS_REAL=1 \
 *     -DEXPECTED_ZMQ_LIB='"/usr/lib/x86_64-linux-gnu/libzmq.so.5"' \
 *     test_cppzmq.cpp -l:libzmq.so.5 -pthread
 *
 * zmq::poller_t / active_poller_t are not used: cppzmq only defines them
 * with ZMQ_BUILD_DRAFT_API, and neither Debian's libzmq5 nor ours exports
 * the draft zmq_poller_* functions.
 *
 * Exit status 0 on success, 1 on the first failure (file:line + message).
 */
#include <zmq.hpp>
#include <zmq_addon.hpp>

#include <array>
#include <atomic>
#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include <stdlib.h>
#include <unistd.h>

#ifndef EXPECTED_ZMQ_LIB
#error "define EXPECTED_ZMQ_LIB as the path of the libzmq under test"
#endif
/* cppzmq includes <zmq.h>: make sure it was the header under test (ours
 * has the ZMQ_TLS_* options, real libzmq's does not). */
#if defined(ZMQ_HEADER_IS_REAL) == defined(ZMQ_TLS_CA_FILE)
#error "zmq.h is not the header under test (check the -I order)"
#endif

namespace
{
const int timeout_ms = 5000;
int checks = 0;

[[noreturn]] void fail (const char *file, int line, const std::string &what)
{
    std::cerr << file << ":" << line << ": FAIL: " << what << std::endl;
    std::cout.flush ();
    _exit (1);
}

#define CHECK(cond)                                                            \
    do {                                                                       \
        ++checks;                                                              \
        if (!(cond))                                                           \
            fail (__FILE__, __LINE__, "assertion failed: " #cond);             \
    } while (0)

#define CHECK_MSG(cond, msg)                                                   \
    do {                                                                       \
        ++checks;                                                              \
        if (!(cond))                                                           \
            fail (__FILE__, __LINE__,                                          \
                  std::string ("assertion failed: " #cond ": ") + (msg));      \
    } while (0)

/* The statement must throw zmq::error_t with errno `err`. */
#define CHECK_THROWS_ERRNO(stmt, err)                                          \
    do {                                                                       \
        ++checks;                                                              \
        bool thrown_ = false;                                                  \
        try {                                                                  \
            stmt;                                                              \
        }                                                                      \
        catch (const zmq::error_t &e_) {                                       \
            thrown_ = true;                                                    \
            if (e_.num () != (err))                                            \
                fail (__FILE__, __LINE__,                                      \
                      std::string (#stmt ": errno ") +                         \
                        std::to_string (e_.num ()) + " (" + e_.what ()         \
                        + "), expected " #err " ("                             \
                        + zmq_strerror (err) + ")");                           \
            if (std::string (e_.what ()) != zmq_strerror (err))                \
                fail (__FILE__, __LINE__,                                      \
                      std::string (#stmt ": what() is '") + e_.what ()         \
                        + "', not zmq_strerror");                              \
        }                                                                      \
        if (!thrown_)                                                          \
            fail (__FILE__, __LINE__, #stmt ": no zmq::error_t thrown");       \
    } while (0)

std::string real (const std::string &path)
{
    char buf[PATH_MAX];
    if (!realpath (path.c_str (), buf))
        return path;
    return buf;
}

/* Which library this process runs on. */
void check_library_under_test ()
{
    const std::string expected = real (EXPECTED_ZMQ_LIB);
    std::ifstream maps ("/proc/self/maps");
    CHECK (maps.good ());
    std::set<std::string> libs;
    std::string line;
    while (std::getline (maps, line)) {
        const size_t slash = line.find ('/');
        if (slash == std::string::npos)
            continue;
        const std::string path = line.substr (slash);
        const size_t base = path.rfind ('/');
        if (path.compare (base + 1, 6, "libzmq") == 0)
            libs.insert (path);
    }
    std::string all;
    for (const auto &l : libs)
        all += " " + l;
    std::cout << "libzmq mapped:" << all << "\nexpected:      " << expected
              << std::endl;
    CHECK_MSG (libs.size () == 1, "libzmq mapped:" + all);
    CHECK_MSG (real (*libs.begin ()) == expected,
               "wrong libzmq mapped:" + all + ", expected " + expected);

    int major, minor, patch;
    std::tie (major, minor, patch) = zmq::version ();
    std::cout << "zmq::version() " << major << "." << minor << "." << patch
              << ", cppzmq " << CPPZMQ_VERSION_MAJOR << "."
              << CPPZMQ_VERSION_MINOR << "." << CPPZMQ_VERSION_PATCH
              << std::endl;
    CHECK (major == 4 && minor == 3);
#ifdef ZMQ_HEADER_IS_REAL
    CHECK_MSG (zmq_has ("tls") == 0, "real libzmq has no tls://");
#else
    CHECK_MSG (zmq_has ("tls") == 1,
               "zmq_has(\"tls\") != 1: this is not our library");
#endif
}

void bounded (zmq::socket_t &s)
{
    s.set (zmq::sockopt::linger, 0);
    s.set (zmq::sockopt::rcvtimeo, timeout_ms);
    s.set (zmq::sockopt::sndtimeo, timeout_ms);
}

std::string recv_string (zmq::socket_t &s)
{
    zmq::message_t msg;
    const zmq::recv_result_t r = s.recv (msg, zmq::recv_flags::none);
    CHECK_MSG (r.has_value (), "recv timed out");
    CHECK (*r == msg.size ());
    return msg.to_string ();
}

/* Binds to a wildcard port, returns the endpoint actually bound. */
std::string bind_any (zmq::socket_t &s, const std::string &addr)
{
    s.bind (addr);
    const std::string ep = s.get (zmq::sockopt::last_endpoint);
    CHECK_MSG (ep.rfind ("tcp://127.0.0.1:", 0) == 0, ep);
    const int port = std::atoi (ep.c_str () + strlen ("tcp://127.0.0.1:"));
    CHECK_MSG (port > 0 && port < 65536, ep);
    return ep;
}

void test_context ()
{
    zmq::context_t ctx;
    CHECK (ctx.handle () != nullptr);
    CHECK (ctx.get (zmq::ctxopt::io_threads) == 1);
    ctx.set (zmq::ctxopt::max_sockets, 512);
    CHECK (ctx.get (zmq::ctxopt::max_sockets) == 512);
    zmq::context_t ctx2 (2, 64);
    CHECK (ctx2.get (zmq::ctxopt::io_threads) == 2);
    CHECK (ctx2.get (zmq::ctxopt::max_sockets) == 64);
    ctx2.close ();
    CHECK (ctx2.handle () == nullptr);
}

void test_req_rep (zmq::context_t &ctx)
{
    zmq::socket_t rep (ctx, zmq::socket_type::rep);
    zmq::socket_t req (ctx, zmq::socket_type::req);
    bounded (rep);
    bounded (req);
    const std::string ep = bind_any (rep, "tcp://127.0.0.1:*");
    req.connect (ep);

    for (int i = 0; i < 10; i++) {
        const std::string body = "hello " + std::to_string (i);
        const zmq::send_result_t sr =
          req.send (zmq::buffer (body), zmq::send_flags::none);
        CHECK (sr.has_value () && *sr == body.size ());
        CHECK (recv_string (rep) == body);
        CHECK (!rep.get (zmq::sockopt::rcvmore));
        CHECK (rep.send (zmq::str_buffer ("world"), zmq::send_flags::none)
                 .has_value ());
        /* Into a buffer too small for it: the result tells the real size. */
        std::array<char, 3> small{};
        const zmq::recv_buffer_result_t br =
          req.recv (zmq::buffer (small), zmq::recv_flags::none);
        CHECK (br.has_value ());
        CHECK (br->size == 3 && br->untruncated_size == 5 && br->truncated ());
        CHECK (std::string (small.data (), 3) == "wor");
    }

    /* REQ may not receive before it sends: EFSM as zmq::error_t. */
    zmq::message_t m;
    CHECK_THROWS_ERRNO ((void) req.recv (m, zmq::recv_flags::none), EFSM);
    /* REP may not send before it receives. */
    CHECK_THROWS_ERRNO (
      (void) rep.send (zmq::str_buffer ("x"), zmq::send_flags::none), EFSM);

    /* An empty message and one from a std::string. */
    zmq::message_t empty;
    CHECK (req.send (empty, zmq::send_flags::none).has_value ());
    CHECK (recv_string (rep).empty ());
    zmq::message_t reply (std::string ("from a string"));
    CHECK (rep.send (reply, zmq::send_flags::none).has_value ());
    CHECK (recv_string (req) == "from a string");
}

void test_push_pull (zmq::context_t &ctx)
{
    zmq::socket_t pull (ctx, zmq::socket_type::pull);
    bounded (pull);
    /* Port 0 is the same as the * wildcard. */
    const std::string ep = bind_any (pull, "tcp://127.0.0.1:0");
    zmq::socket_t push1 (ctx, zmq::socket_type::push);
    zmq::socket_t push2 (ctx, zmq::socket_type::push);
    bounded (push1);
    bounded (push2);
    push1.connect (ep);
    push2.connect (ep);

    const int n = 1000;
    for (int i = 0; i < n; i++) {
        const std::string a = "a" + std::to_string (i);
        const std::string b = "b" + std::to_string (i);
        CHECK (push1.send (zmq::buffer (a), zmq::send_flags::none));
        CHECK (push2.send (zmq::buffer (b), zmq::send_flags::none));
    }
    /* Fair-queued between the two pushers, each one in order. */
    int next_a = 0, next_b = 0;
    for (int i = 0; i < 2 * n; i++) {
        const std::string s = recv_string (pull);
        if (s[0] == 'a')
            CHECK_MSG (s == "a" + std::to_string (next_a++), s);
        else
            CHECK_MSG (s == "b" + std::to_string (next_b++), s);
    }
    CHECK (next_a == n && next_b == n);

    /* Nothing more: a non-blocking receive gives an empty result. */
    zmq::message_t m;
    CHECK (!pull.recv (m, zmq::recv_flags::dontwait).has_value ());
    /* A bounded receive times out the same way (EAGAIN is not thrown). */
    pull.set (zmq::sockopt::rcvtimeo, 50);
    CHECK (!pull.recv (m).has_value ());

    /* A large message. */
    std::vector<char> big (1 << 20);
    for (size_t i = 0; i < big.size (); i++)
        big[i] = static_cast<char> (i * 7);
    CHECK (push1.send (zmq::buffer (big), zmq::send_flags::none));
    pull.set (zmq::sockopt::rcvtimeo, timeout_ms);
    zmq::message_t bigmsg;
    CHECK (pull.recv (bigmsg).has_value ());
    CHECK (bigmsg.size () == big.size ());
    CHECK (std::memcmp (bigmsg.data (), big.data (), big.size ()) == 0);
}

void test_pub_sub (zmq::context_t &ctx)
{
    zmq::socket_t pub (ctx, zmq::socket_type::pub);
    zmq::socket_t sub_a (ctx, zmq::socket_type::sub);
    zmq::socket_t sub_all (ctx, zmq::socket_type::sub);
    bounded (pub);
    bounded (sub_a);
    bounded (sub_all);
    const std::string ep = bind_any (pub, "tcp://127.0.0.1:*");
    sub_a.set (zmq::sockopt::subscribe, "A");
    sub_all.set (zmq::sockopt::subscribe, "");
    sub_a.connect (ep);
    sub_all.connect (ep);

    /* Slow joiners: publish a probe until both subscribers got one. */
    zmq::pollitem_t items[] = {{sub_a.handle (), 0, ZMQ_POLLIN, 0},
                               {sub_all.handle (), 0, ZMQ_POLLIN, 0}};
    bool got_a = false, got_all = false;
    const auto deadline =
      std::chrono::steady_clock::now () + std::chrono::seconds (5);
    while (!(got_a && got_all)) {
        CHECK_MSG (std::chrono::steady_clock::now () < deadline,
                   "subscribers never joined");
        CHECK (pub.send (zmq::str_buffer ("Aprobe"), zmq::send_flags::none));
        zmq::poll (items, 2, std::chrono::milliseconds (20));
        zmq::message_t m;
        if (items[0].revents & ZMQ_POLLIN) {
            while (sub_a.recv (m, zmq::recv_flags::dontwait))
                CHECK (m.to_string () == "Aprobe");
            got_a = true;
        }
        if (items[1].revents & ZMQ_POLLIN) {
            while (sub_all.recv (m, zmq::recv_flags::dontwait))
                CHECK (m.to_string () == "Aprobe");
            got_all = true;
        }
    }
    /* Probes still in flight. */
    std::this_thread::sleep_for (std::chrono::milliseconds (100));
    zmq::message_t m;
    while (sub_a.recv (m, zmq::recv_flags::dontwait)) {
    }
    while (sub_all.recv (m, zmq::recv_flags::dontwait)) {
    }

    /* Topic filtering: A* goes to both, B* only to sub_all. Multipart with
     * the topic in the first frame, as the cppzmq examples do. */
    std::array<zmq::const_buffer, 2> a_msg = {zmq::str_buffer ("A"),
                                              zmq::str_buffer ("for A")};
    std::array<zmq::const_buffer, 2> b_msg = {zmq::str_buffer ("B"),
                                              zmq::str_buffer ("for B")};
    CHECK (zmq::send_multipart (pub, b_msg) == 2u);
    CHECK (zmq::send_multipart (pub, a_msg) == 2u);
    CHECK (zmq::send_multipart (pub, b_msg) == 2u);

    std::vector<zmq::message_t> parts;
    CHECK (zmq::recv_multipart (sub_a, std::back_inserter (parts)) == 2u);
    CHECK (parts[0].to_string () == "A" && parts[1].to_string () == "for A");
    for (const char *topic : {"B", "A", "B"}) {
        parts.clear ();
        CHECK (zmq::recv_multipart (sub_all, std::back_inserter (parts))
               == 2u);
        CHECK (parts[0].to_string () == topic);
        CHECK (parts[1].to_string () == std::string ("for ") + topic);
    }
    sub_a.set (zmq::sockopt::rcvtimeo, 200);
    parts.clear ();
    CHECK (!zmq::recv_multipart (sub_a, std::back_inserter (parts)));

    /* Unsubscribe: then sub_a gets nothing. */
    sub_a.set (zmq::sockopt::unsubscribe, "A");
    std::this_thread::sleep_for (std::chrono::milliseconds (200));
    CHECK (zmq::send_multipart (pub, a_msg) == 2u);
    parts.clear ();
    CHECK (zmq::recv_multipart (sub_all, std::back_inserter (parts)) == 2u);
    parts.clear ();
    CHECK (!zmq::recv_multipart (sub_a, std::back_inserter (parts)));
}

void test_multipart (zmq::context_t &ctx)
{
    zmq::socket_t router (ctx, zmq::socket_type::router);
    zmq::socket_t dealer (ctx, zmq::socket_type::dealer);
    bounded (router);
    bounded (dealer);
    const std::string ep = bind_any (router, "tcp://127.0.0.1:*");
    dealer.set (zmq::sockopt::routing_id, "dealer-1");
    CHECK (dealer.get (zmq::sockopt::routing_id) == "dealer-1");
    dealer.connect (ep);

    /* send_multipart / recv_multipart with message_t and buffers. */
    std::vector<zmq::message_t> out;
    out.emplace_back (std::string ("one"));
    out.emplace_back ();
    out.emplace_back (std::string ("three"));
    CHECK (zmq::send_multipart (dealer, out) == 3u);
    std::vector<zmq::message_t> in;
    CHECK (zmq::recv_multipart (router, std::back_inserter (in)) == 4u);
    CHECK (in[0].to_string () == "dealer-1");
    CHECK (in[1].to_string () == "one");
    CHECK (in[2].size () == 0);
    CHECK (in[3].to_string () == "three");
    CHECK (in[1].more () && !in[3].more ());
    /* Message metadata (zmq_msg_gets). */
    CHECK (std::string (in[1].gets ("Socket-Type")) == "DEALER");
    CHECK (std::string (in[1].gets ("Peer-Address")) == "127.0.0.1");

    /* Routed back by routing id. */
    std::array<zmq::const_buffer, 3> reply = {
      zmq::str_buffer ("dealer-1"), zmq::str_buffer ("r1"),
      zmq::str_buffer ("r2")};
    CHECK (zmq::send_multipart (router, reply) == 3u);
    in.clear ();
    CHECK (zmq::recv_multipart (dealer, std::back_inserter (in)) == 2u);
    CHECK (in[0].to_string () == "r1" && in[1].to_string () == "r2");

    /* multipart_t (zmq_addon.hpp). */
    zmq::multipart_t mp;
    mp.addstr ("m1");
    mp.addtyp<int> (42);
    mp.addstr ("m3");
    CHECK (mp.send (dealer));
    CHECK (mp.empty ());
    zmq::multipart_t got (router);
    CHECK (got.size () == 4);
    CHECK (got.popstr () == "dealer-1");
    CHECK (got.popstr () == "m1");
    CHECK (got.poptyp<int> () == 42);
    CHECK (got.popstr () == "m3");

    /* ROUTER_MANDATORY: an unknown routing id is EHOSTUNREACH. */
    router.set (zmq::sockopt::router_mandatory, true);
    CHECK_THROWS_ERRNO ((void) router.send (zmq::str_buffer ("nobody"),
                                            zmq::send_flags::sndmore),
                        EHOSTUNREACH);
}

void test_poll (zmq::context_t &ctx)
{
    zmq::socket_t pair_a (ctx, zmq::socket_type::pair);
    zmq::socket_t pair_b (ctx, zmq::socket_type::pair);
    zmq::socket_t idle (ctx, zmq::socket_type::pull);
    bounded (pair_a);
    bounded (pair_b);
    bounded (idle);
    const std::string ep = bind_any (pair_a, "tcp://127.0.0.1:*");
    pair_b.connect (ep);
    (void) bind_any (idle, "tcp://127.0.0.1:*");

    std::vector<zmq::pollitem_t> items = {
      {pair_a.handle (), 0, ZMQ_POLLIN, 0}, {idle.handle (), 0, ZMQ_POLLIN, 0}};
    /* Nothing readable: times out with 0. */
    CHECK (zmq::poll (items, std::chrono::milliseconds (50)) == 0);
    CHECK (items[0].revents == 0 && items[1].revents == 0);

    CHECK (pair_b.send (zmq::str_buffer ("ping"), zmq::send_flags::none));
    CHECK (zmq::poll (items, std::chrono::milliseconds (timeout_ms)) == 1);
    CHECK ((items[0].revents & ZMQ_POLLIN) && items[1].revents == 0);
    CHECK (recv_string (pair_a) == "ping");
    CHECK ((pair_a.get (zmq::sockopt::events) & ZMQ_POLLIN) == 0);
    CHECK ((pair_a.get (zmq::sockopt::events) & ZMQ_POLLOUT) != 0);

    /* POLLOUT on a connected PAIR. */
    zmq::pollitem_t out[] = {{pair_b.handle (), 0, ZMQ_POLLOUT, 0}};
    CHECK (zmq::poll (out, 1, std::chrono::milliseconds (0)) == 1);
    CHECK (out[0].revents == ZMQ_POLLOUT);

    /* The socket's fd (ZMQ_FD) polls with the sockets. */
    const zmq::fd_t fd = pair_a.get (zmq::sockopt::fd);
    CHECK (fd >= 0);
}

class event_monitor : public zmq::monitor_t
{
  public:
    bool connected = false, accepted = false, handshake = false,
         listening = false;
    std::string connected_addr, accepted_addr;

    void on_event_connected (const zmq_event_t &ev, const char *addr) override
    {
        connected = true;
        connected_addr = addr;
        CHECK (ev.event == ZMQ_EVENT_CONNECTED);
        CHECK (ev.value >= 0); /* the fd */
    }
    void on_event_accepted (const zmq_event_t &ev, const char *addr) override
    {
        accepted = true;
        accepted_addr = addr;
        CHECK (ev.event == ZMQ_EVENT_ACCEPTED);
        CHECK (ev.value >= 0);
    }
    void on_event_listening (const zmq_event_t &, const char *) override
    {
        listening = true;
    }
    void on_event_handshake_succeeded (const zmq_event_t &ev,
                                       const char *) override
    {
        handshake = true;
        CHECK (ev.event == ZMQ_EVENT_HANDSHAKE_SUCCEEDED);
    }
};

template <typename Pred> bool pump (event_monitor &mon, Pred done)
{
    const auto deadline =
      std::chrono::steady_clock::now () + std::chrono::seconds (5);
    while (!done ()) {
        if (std::chrono::steady_clock::now () > deadline)
            return false;
        mon.check_event (50);
    }
    return true;
}

void test_monitor (zmq::context_t &ctx)
{
    zmq::socket_t server (ctx, zmq::socket_type::rep);
    zmq::socket_t client (ctx, zmq::socket_type::req);
    bounded (server);
    bounded (client);
    event_monitor server_mon, client_mon;
    server_mon.init (server, "inproc://cppzmq-monitor-server");
    client_mon.init (client, "inproc://cppzmq-monitor-client");

    const std::string ep = bind_any (server, "tcp://127.0.0.1:*");
    CHECK (pump (server_mon, [&] { return server_mon.listening; }));
    client.connect (ep);

    CHECK_MSG (pump (client_mon,
                     [&] { return client_mon.connected && client_mon.handshake; }),
               "client: connected and handshake events");
    CHECK_MSG (pump (server_mon,
                     [&] { return server_mon.accepted && server_mon.handshake; }),
               "server: accepted and handshake events");
    CHECK_MSG (client_mon.connected_addr == ep, client_mon.connected_addr);
    CHECK_MSG (server_mon.accepted_addr == ep, server_mon.accepted_addr);

    /* The connection works. */
    CHECK (client.send (zmq::str_buffer ("hi"), zmq::send_flags::none));
    CHECK (recv_string (server) == "hi");
    CHECK (server.send (zmq::str_buffer ("ho"), zmq::send_flags::none));
    CHECK (recv_string (client) == "ho");
}

void test_sockopts (zmq::context_t &ctx)
{
    zmq::socket_t s (ctx, zmq::socket_type::dealer);
    CHECK (s.get (zmq::sockopt::type) == ZMQ_DEALER);
    CHECK (s.get (zmq::sockopt::socket_type) == zmq::socket_type::dealer);
    /* Defaults of libzmq 4.3. */
    CHECK (s.get (zmq::sockopt::linger) == -1);
    CHECK (s.get (zmq::sockopt::sndhwm) == 1000);
    CHECK (s.get (zmq::sockopt::rcvhwm) == 1000);
    CHECK (s.get (zmq::sockopt::rcvtimeo) == -1);
    CHECK (s.get (zmq::sockopt::ipv6) == false);
    CHECK (s.get (zmq::sockopt::immediate) == false);
    CHECK (s.get (zmq::sockopt::maxmsgsize) == -1);
    CHECK (s.get (zmq::sockopt::reconnect_ivl) == 100);
    CHECK (s.get (zmq::sockopt::mechanism) == ZMQ_NULL);
    CHECK (s.get (zmq::sockopt::last_endpoint).empty ());
    CHECK (s.get (zmq::sockopt::routing_id).empty ());
    CHECK (s.get (zmq::sockopt::rcvmore) == false);
    CHECK (s.get (zmq::sockopt::thread_safe) == false);

    /* Round trips. */
    s.set (zmq::sockopt::linger, 250);
    CHECK (s.get (zmq::sockopt::linger) == 250);
    s.set (zmq::sockopt::sndhwm, 77);
    CHECK (s.get (zmq::sockopt::sndhwm) == 77);
    s.set (zmq::sockopt::maxmsgsize, int64_t (1) << 33);
    CHECK (s.get (zmq::sockopt::maxmsgsize) == int64_t (1) << 33);
    s.set (zmq::sockopt::affinity, uint64_t (3));
    CHECK (s.get (zmq::sockopt::affinity) == 3);
    s.set (zmq::sockopt::ipv6, true);
    CHECK (s.get (zmq::sockopt::ipv6) == true);
    s.set (zmq::sockopt::tcp_keepalive, 1);
    CHECK (s.get (zmq::sockopt::tcp_keepalive) == 1);
    s.set (zmq::sockopt::heartbeat_ivl, 1000);
    CHECK (s.get (zmq::sockopt::heartbeat_ivl) == 1000);
    /* Binary routing id, with a NUL in it. */
    const char rid[] = {'\x01', '\0', '\x02'};
    s.set (zmq::sockopt::routing_id, zmq::const_buffer (rid, sizeof rid));
    CHECK (s.get (zmq::sockopt::routing_id) == std::string (rid, sizeof rid));
    /* PLAIN credentials switch the mechanism. */
    s.set (zmq::sockopt::plain_username, "user");
    s.set (zmq::sockopt::plain_password, "pw");
    CHECK (s.get (zmq::sockopt::mechanism) == ZMQ_PLAIN);
    CHECK (s.get (zmq::sockopt::plain_username) == "user");
    /* CURVE keys as Z85 text, read back as Z85 (cppzmq's string get). */
    char pub[41], sec[41];
    CHECK (zmq_curve_keypair (pub, sec) == 0);
    s.set (zmq::sockopt::curve_serverkey, pub);
    s.set (zmq::sockopt::curve_publickey, pub);
    s.set (zmq::sockopt::curve_secretkey, sec);
    CHECK (s.get (zmq::sockopt::mechanism) == ZMQ_CURVE);
    CHECK (s.get (zmq::sockopt::curve_serverkey) == std::string (pub, 40));
    std::array<uint8_t, 32> raw{};
    CHECK (s.get (zmq::sockopt::curve_serverkey, zmq::buffer (raw)) == 32);

    /* Invalid values are EINVAL. */
    CHECK_THROWS_ERRNO (s.set (zmq::sockopt::linger, -2), EINVAL);
    CHECK_THROWS_ERRNO (s.set (zmq::sockopt::sndhwm, -1), EINVAL);
    /* A socket option the socket type does not have. */
    CHECK_THROWS_ERRNO (s.set (zmq::sockopt::subscribe, "x"), EINVAL);
    /* A buffer too small for the value. */
    std::array<char, 2> tiny{};
    s.set (zmq::sockopt::routing_id, "longer-than-two");
    CHECK_THROWS_ERRNO (
      (void) s.get (zmq::sockopt::routing_id, zmq::buffer (tiny)), EINVAL);
}

void test_errors (zmq::context_t &ctx)
{
    zmq::socket_t s (ctx, zmq::socket_type::req);
    bounded (s);
    /* Bad endpoints. */
    CHECK_THROWS_ERRNO (s.connect ("bogus://127.0.0.1:5555"),
                        EPROTONOSUPPORT);
    CHECK_THROWS_ERRNO (s.connect ("tcp://127.0.0.1"), EINVAL);
    CHECK_THROWS_ERRNO (s.connect ("tcp://127.0.0.1:notaport"), EINVAL);
    CHECK_THROWS_ERRNO (s.connect ("no-scheme"), EINVAL);
    CHECK_THROWS_ERRNO (s.bind ("tcp://256.0.0.1:*"), ENODEV);
    CHECK_THROWS_ERRNO (s.bind ("tcp://no-such-host.invalid:*"), ENODEV);
    /* A port already bound. */
    zmq::socket_t first (ctx, zmq::socket_type::rep);
    bounded (first);
    const std::string ep = bind_any (first, "tcp://127.0.0.1:*");
    CHECK_THROWS_ERRNO (s.bind (ep), EADDRINUSE);
    /* Unbinding / disconnecting what was never there. */
    CHECK_THROWS_ERRNO (s.unbind ("tcp://127.0.0.1:1"), ENOENT);
    CHECK_THROWS_ERRNO (s.disconnect ("tcp://127.0.0.1:1"), ENOENT);
    /* inproc connect before bind is fine; a second bind of a name is not. */
    zmq::socket_t a (ctx, zmq::socket_type::pair);
    zmq::socket_t b (ctx, zmq::socket_type::pair);
    bounded (a);
    bounded (b);
    a.bind ("inproc://cppzmq-dup");
    CHECK_THROWS_ERRNO (b.bind ("inproc://cppzmq-dup"), EADDRINUSE);
    /* A bad socket type number. */
    CHECK_THROWS_ERRNO (zmq::socket_t (ctx, 999), EINVAL);

    /* zmq::error_t carries zmq_strerror's text. */
    try {
        s.connect ("bogus://x");
        CHECK_MSG (false, "no throw");
    }
    catch (const std::exception &e) {
        CHECK (std::string (e.what ()) == zmq_strerror (EPROTONOSUPPORT));
    }

    /* After a context shutdown, blocking calls fail with ETERM. */
    zmq::context_t ctx2;
    zmq::socket_t r (ctx2, zmq::socket_type::pull);
    r.set (zmq::sockopt::linger, 0);
    std::thread stopper ([&] {
        std::this_thread::sleep_for (std::chrono::milliseconds (100));
        ctx2.shutdown ();
    });
    zmq::message_t m;
    CHECK_THROWS_ERRNO ((void) r.recv (m), ETERM); /* blocks until shutdown */
    stopper.join ();
    CHECK_THROWS_ERRNO (zmq::socket_t (ctx2, zmq::socket_type::pull), ETERM);
    r.close ();
    ctx2.close ();
}

void test_proxy (zmq::context_t &ctx)
{
    zmq::socket_t frontend (ctx, zmq::socket_type::router);
    zmq::socket_t backend (ctx, zmq::socket_type::dealer);
    zmq::socket_t control (ctx, zmq::socket_type::pair);
    bounded (frontend);
    bounded (backend);
    control.set (zmq::sockopt::linger, 0);
    const std::string fe = bind_any (frontend, "tcp://127.0.0.1:*");
    const std::string be = bind_any (backend, "tcp://127.0.0.1:*");
    control.bind ("inproc://cppzmq-proxy-control");

    std::thread proxy_thread ([&] {
        zmq::socket_t ctl (ctx, zmq::socket_type::pair);
        ctl.set (zmq::sockopt::linger, 0);
        ctl.connect ("inproc://cppzmq-proxy-control");
        zmq::proxy_steerable (frontend, backend, zmq::socket_ref (), ctl);
    });

    zmq::socket_t client (ctx, zmq::socket_type::req);
    zmq::socket_t worker (ctx, zmq::socket_type::rep);
    bounded (client);
    bounded (worker);
    client.connect (fe);
    worker.connect (be);
    for (int i = 0; i < 5; i++) {
        const std::string q = "q" + std::to_string (i);
        CHECK (client.send (zmq::buffer (q), zmq::send_flags::none));
        CHECK (recv_string (worker) == q);
        CHECK (worker.send (zmq::buffer ("a" + q), zmq::send_flags::none));
        CHECK (recv_string (client) == "a" + q);
    }
    CHECK (control.send (zmq::str_buffer ("TERMINATE"), zmq::send_flags::none));
    proxy_thread.join ();
}

void test_inproc_threads (zmq::context_t &ctx)
{
    /* The shape of cppzmq's pubsub_multithread_inproc example, bounded. */
    zmq::socket_t pub (ctx, zmq::socket_type::pub);
    pub.set (zmq::sockopt::linger, 0);
    pub.bind ("inproc://cppzmq-threads");
    std::vector<std::thread> subs;
    std::array<std::atomic<int>, 3> counts{};
    for (int t = 0; t < 3; t++) {
        subs.emplace_back ([&ctx, &counts, t] {
            zmq::socket_t sub (ctx, zmq::socket_type::sub);
            bounded (sub);
            sub.connect ("inproc://cppzmq-threads");
            sub.set (zmq::sockopt::subscribe, "");
            for (;;) {
                std::vector<zmq::message_t> parts;
                const auto r =
                  zmq::recv_multipart (sub, std::back_inserter (parts));
                if (!r || parts[0].to_string () == "END")
                    break;
                CHECK (*r == 2);
                counts[t]++;
            }
        });
    }
    /* inproc subscriptions arrive asynchronously: send until seen. */
    const auto deadline =
      std::chrono::steady_clock::now () + std::chrono::seconds (5);
    while (std::chrono::steady_clock::now () < deadline) {
        std::array<zmq::const_buffer, 2> msg = {zmq::str_buffer ("T"),
                                                zmq::str_buffer ("data")};
        CHECK (zmq::send_multipart (pub, msg) == 2u);
        std::this_thread::sleep_for (std::chrono::milliseconds (5));
        if (counts[0] > 10 && counts[1] > 10 && counts[2] > 10)
            break;
    }
    std::array<zmq::const_buffer, 1> end = {zmq::str_buffer ("END")};
    for (int i = 0; i < 3; i++)
        CHECK (zmq::send_multipart (pub, end) == 1u);
    for (auto &th : subs)
        th.join ();
    CHECK (counts[0] > 10 && counts[1] > 10 && counts[2] > 10);
}
} // namespace

/* tls:// through cppzmq's own option API: its sockopt table does not name
 * the ZMQ_TLS_* options, but its array_option / integral_option templates
 * take any option number (the README shows this form). Mutual TLS with
 * the tls_certs fixture's certificates; the server sees the client's
 * certificate name as the message's User-Id. */
static void test_tls (zmq::context_t &ctx, const std::string &dir)
{
    using ca_file = zmq::sockopt::array_option<ZMQ_TLS_CA_FILE>;
    using cert_file = zmq::sockopt::array_option<ZMQ_TLS_CERT_FILE>;
    using key_file = zmq::sockopt::array_option<ZMQ_TLS_KEY_FILE>;
    using common_name = zmq::sockopt::array_option<ZMQ_TLS_CERT_COMMON_NAME>;
    using verify_peer =
      zmq::sockopt::integral_option<ZMQ_TLS_VERIFY_PEER, int, false>;

    zmq::socket_t server (ctx, zmq::socket_type::rep);
    server.set (cert_file{}, dir + "/server.crt");
    server.set (key_file{}, dir + "/server.key");
    server.set (ca_file{}, dir + "/ca.crt");
    server.set (verify_peer{}, 1);
    CHECK (server.get (verify_peer{}) == 1);
    CHECK (server.get (ca_file{}) == dir + "/ca.crt");
    server.bind ("tls://127.0.0.1:*");
    const std::string ep = server.get (zmq::sockopt::last_endpoint);
    CHECK_MSG (ep.rfind ("tls://127.0.0.1:", 0) == 0, ep);

    zmq::socket_t client (ctx, zmq::socket_type::req);
    client.set (cert_file{}, dir + "/client.crt");
    client.set (key_file{}, dir + "/client.key");
    client.set (ca_file{}, dir + "/ca.crt");
    client.set (common_name{}, "server");
    client.set (zmq::sockopt::rcvtimeo, 5000);
    server.set (zmq::sockopt::rcvtimeo, 5000);
    client.connect (ep);

    CHECK (client.send (zmq::str_buffer ("over tls"), zmq::send_flags::none));
    zmq::message_t req;
    CHECK (server.recv (req, zmq::recv_flags::none));
    CHECK (req.to_string () == "over tls");
    const char *user = req.gets ("User-Id");
    CHECK_MSG (user && std::string (user) == "client",
               user ? user : "(no User-Id)");
    CHECK (server.send (zmq::str_buffer ("back"), zmq::send_flags::none));
    zmq::message_t rep;
    CHECK (client.recv (rep, zmq::recv_flags::none));
    CHECK (rep.to_string () == "back");

    /* A client trusting another CA never gets through. */
    zmq::socket_t stranger (ctx, zmq::socket_type::req);
    CHECK_THROWS_ERRNO (stranger.set (ca_file{}, dir + "/no-such-ca.crt");
                        stranger.connect (ep), ETLSCA);
}

int main (int argc, char **argv)
{
    try {
        check_library_under_test ();
        test_context ();
        zmq::context_t ctx;
        const std::pair<const char *, void (*) (zmq::context_t &)> tests[] = {
          {"req_rep", test_req_rep},
          {"push_pull", test_push_pull},
          {"pub_sub", test_pub_sub},
          {"multipart", test_multipart},
          {"poll", test_poll},
          {"monitor", test_monitor},
          {"sockopts", test_sockopts},
          {"errors", test_errors},
          {"proxy", test_proxy},
          {"inproc_threads", test_inproc_threads},
        };
        for (const auto &t : tests) {
            t.second (ctx);
            std::cout << "ok: " << t.first << std::endl;
        }
        /* argv[1]: the tls_certs fixture's directory (CTest passes it). */
        if (argc > 1) {
            test_tls (ctx, argv[1]);
            std::cout << "ok: tls" << std::endl;
        }
        ctx.close ();
    }
    catch (const zmq::error_t &e) {
        std::cerr << "FAIL: uncaught zmq::error_t " << e.num () << ": "
                  << e.what () << std::endl;
        return 1;
    }
    catch (const std::exception &e) {
        std::cerr << "FAIL: uncaught exception: " << e.what () << std::endl;
        return 1;
    }
    std::cout << "cppzmq: all " << checks << " checks passed" << std::endl;
    return 0;
}
