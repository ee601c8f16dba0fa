/* mockws: a scripted WebSocket server on 127.0.0.1 for the tests.
 *
 *   mockws [--port N] [--log FILE] [--script FILE] [ACTION ...]
 *
 * Listens on 127.0.0.1:N (0 = any free port; "PORT <n>" is printed on stdout
 * either way once listening), then runs a script of actions, one per line
 * of FILE or one per remaining argument, and exits when it is done. Every
 * event (requests, what the client sent, whether client frames were masked)
 * is appended to the log, one line each, so a test can check it.
 *
 * Actions (a connection is open from `accept` until `drop`/`close`/EOF):
 *   accept                  accept a connection, answer the upgrade properly
 *   accept-bytewise         the same, the 101 reply one byte per write
 *   accept-keep             like accept, but the current connection stays open, unread
 *                           ("parked"), as a server does while a client rotates
 *   parked-expect-close [MS] read the parked connection until the client's close frame
 *                           (logged "parked recv close masked CODE"), answer it, close
 *   accept-garbage          read the request, answer with bytes that are not HTTP, close
 *   accept-status CODE      answer "HTTP/1.1 CODE Nope", close
 *   accept-badkey           answer 101 with a wrong Sec-WebSocket-Accept
 *   text STRING             send a text message (rest of the line)
 *   text-file PATH          send a file's content as one text message
 *   binary STRING           send a binary message
 *   frag N STRING           send a text message in N fragments, a ping between the first two
 *   bytewise STRING         send a text message one byte per write, 1 ms apart
 *   ping PAYLOAD            send a ping (the pong is logged when it comes)
 *   close CODE [REASON]     send a close frame, wait up to 2 s for the client's, close TCP
 *   drop                    close TCP (FIN) without a close frame
 *   reset                   close TCP with a RST, without a close frame
 *   oversize BYTES          send a text frame header claiming BYTES, then up to 64 KiB of 'a'
 *   bad-utf8                send a text message holding invalid UTF-8
 *   raw HEX                 send raw bytes (e.g. a hand-made frame)
 *   wait MS                 read client frames for MS ms (pings answered unless muted)
 *   expect-text [MS]        read until the client sends a text message (default 5000 ms)
 *   expect-close [MS]       read until the client's close frame or EOF (default 5000 ms)
 *   echo on|off             echo the client's text messages back
 *   mute on|off             stop/resume answering the client's pings
 *   stall MS                do not read or write for MS ms (the client's sends back up)
 *   flood N STRING          send N text messages as fast as possible; every "{i}" in
 *                           STRING becomes the message index 0..N-1
 *   log TEXT                write TEXT to the log (a marker for the test)
 *
 * Log lines: "conn N", "request GET PATH", "handshake ok" / "handshake bad WHAT",
 * "recv text masked LEN PAYLOAD" (payload cut at 300 bytes; then "hash FNV1A64HEX"
 * of the whole payload when longer), "recv binary ...",
 * "recv ping masked PAYLOAD", "recv pong masked PAYLOAD", "recv close masked CODE",
 * "recv bad-frame WHAT", "eof", "sent close CODE", "error WHAT".
 * "unmasked" instead of "masked" means the client broke RFC 6455 5.3. */
#include "liqtop/ws.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

static FILE *logf_;
static int lsock = -1, csock = -1;
static int parked = -1; /* a connection kept open (unread) by accept-keep */
static int conn_no;
static int echo_on, mute_on;
static unsigned char rbuf[1 << 24];
static size_t rlen;
static int got_text, got_close;

static void logln(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void logln(const char *fmt, ...)
{
    if (!logf_)
        return;
    va_list ap;
    va_start(ap, fmt);
    vfprintf(logf_, fmt, ap);
    va_end(ap);
    fputc('\n', logf_);
    fflush(logf_);
}

static int64_t now_ms(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void sleep_ms(int ms)
{
    struct timespec ts = {ms / 1000, (long)(ms % 1000) * 1000000L};
    nanosleep(&ts, NULL);
}

static void close_conn(void)
{
    if (csock >= 0) {
        close(csock);
        csock = -1;
    }
    rlen = 0;
}

static int write_all(const void *p, size_t n)
{
    const unsigned char *b = p;
    while (n && csock >= 0) {
        ssize_t w = send(csock, b, n, MSG_NOSIGNAL);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            logln("error write: %s", strerror(errno));
            close_conn();
            return -1;
        }
        b += w;
        n -= (size_t)w;
    }
    return csock >= 0 ? 0 : -1;
}

/* Build a server frame (never masked) into out; returns its length. */
static size_t frame_hdr(unsigned char *out, int fin, int op, uint64_t len)
{
    size_t h = 0;
    out[h++] = (unsigned char)((fin ? 0x80 : 0) | op);
    if (len < 126) {
        out[h++] = (unsigned char)len;
    } else if (len <= 0xFFFF) {
        out[h++] = 126;
        out[h++] = (unsigned char)(len >> 8);
        out[h++] = (unsigned char)len;
    } else {
        out[h++] = 127;
        for (int i = 7; i >= 0; i--)
            out[h++] = (unsigned char)(len >> (8 * i));
    }
    return h;
}

static int send_frame(int fin, int op, const void *data, size_t len)
{
    unsigned char h[14];
    size_t hl = frame_hdr(h, fin, op, len);
    if (write_all(h, hl) != 0)
        return -1;
    return len ? write_all(data, len) : 0;
}

/* Parse and handle complete client frames in rbuf. */
static void handle_frames(void)
{
    size_t pos = 0;
    while (csock >= 0 && rlen - pos >= 2) {
        unsigned char *p = rbuf + pos;
        size_t n = rlen - pos;
        int op = p[0] & 0x0F;
        int masked = p[1] & 0x80;
        uint64_t len = p[1] & 0x7F;
        size_t hl = 2;
        if (len == 126) {
            if (n < 4)
                break;
            len = (uint64_t)p[2] << 8 | p[3];
            hl = 4;
        } else if (len == 127) {
            if (n < 10)
                break;
            len = 0;
            for (int i = 0; i < 8; i++)
                len = len << 8 | p[2 + i];
            hl = 10;
        }
        if (masked)
            hl += 4;
        if (len > sizeof rbuf - 16) {
            logln("recv bad-frame too-long %llu", (unsigned long long)len);
            close_conn();
            return;
        }
        if (n < hl + len)
            break;
        unsigned char *pl = p + hl;
        if (masked)
            for (uint64_t i = 0; i < len; i++)
                pl[i] ^= p[hl - 4 + (i & 3)];
        const char *mk = masked ? "masked" : "unmasked";
        pos += hl + (size_t)len;
        int shown = len > 300 ? 300 : (int)len;
        switch (op) {
        case 1:
            logln("recv text %s %llu %.*s", mk, (unsigned long long)len, shown, (char *)pl);
            if (len > 300) {
                uint64_t hsh = 1469598103934665603ULL; /* FNV-1a of the whole payload */
                for (uint64_t i = 0; i < len; i++) {
                    hsh ^= pl[i];
                    hsh *= 1099511628211ULL;
                }
                logln("hash %016llx", (unsigned long long)hsh);
            }
            got_text = 1;
            if (echo_on)
                send_frame(1, 1, pl, (size_t)len);
            break;
        case 2:
            logln("recv binary %s %llu", mk, (unsigned long long)len);
            break;
        case 9:
            logln("recv ping %s %.*s", mk, shown, (char *)pl);
            if (!mute_on)
                send_frame(1, 10, pl, (size_t)len);
            break;
        case 10:
            logln("recv pong %s %.*s", mk, shown, (char *)pl);
            break;
        case 8: {
            int code = len >= 2 ? (pl[0] << 8 | pl[1]) : 1005;
            logln("recv close %s %d", mk, code);
            got_close = 1;
            if (len >= 2) {
                unsigned char c[2] = {pl[0], pl[1]};
                send_frame(1, 8, c, 2);
            } else {
                send_frame(1, 8, NULL, 0);
            }
            close_conn();
            return;
        }
        default:
            logln("recv bad-frame opcode %d", op);
        }
    }
    if (csock >= 0 && pos) {
        memmove(rbuf, rbuf + pos, rlen - pos);
        rlen -= pos;
    }
}

/* Read for up to ms; stop early when `until` says (1 text, 2 close). */
static void pump(int ms, int until)
{
    int64_t end = now_ms() + ms;
    got_text = got_close = 0;
    while (csock >= 0) {
        if (until == 1 && got_text)
            return;
        if (until == 2 && got_close)
            return;
        int64_t left = end - now_ms();
        if (left <= 0)
            return;
        struct pollfd pfd = {csock, POLLIN, 0};
        int r = poll(&pfd, 1, (int)left);
        if (r <= 0)
            continue;
        ssize_t n = recv(csock, rbuf + rlen, sizeof rbuf - rlen, 0);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0) {
            logln("eof");
            got_close = 1;
            close_conn();
            return;
        }
        rlen += (size_t)n;
        handle_frames();
    }
}

static int accept_conn(int keep)
{
    if (keep && csock >= 0) {
        if (parked >= 0)
            close(parked);
        parked = csock;
        csock = -1;
        rlen = 0;
    }
    close_conn();
    struct pollfd pfd = {lsock, POLLIN, 0};
    if (poll(&pfd, 1, 20000) <= 0) {
        logln("error no connection within 20 s");
        return -1;
    }
    csock = accept(lsock, NULL, NULL);
    if (csock < 0) {
        logln("error accept: %s", strerror(errno));
        return -1;
    }
    int one = 1;
    setsockopt(csock, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    logln("conn %d", ++conn_no);
    return 0;
}

/* Read the upgrade request; returns the key in key[] or -1. */
static int read_request(char *key, size_t keyn)
{
    char req[8192];
    size_t n = 0;
    req[0] = '\0';
    int64_t end = now_ms() + 5000;
    while (n < sizeof req - 1) {
        if (strstr(req, "\r\n\r\n"))
            break;
        struct pollfd pfd = {csock, POLLIN, 0};
        int64_t left = end - now_ms();
        if (left <= 0 || poll(&pfd, 1, (int)left) <= 0) {
            logln("handshake bad timeout");
            return -1;
        }
        ssize_t r = recv(csock, req + n, sizeof req - 1 - n, 0);
        if (r <= 0) {
            logln("handshake bad eof");
            return -1;
        }
        n += (size_t)r;
        req[n] = '\0';
    }
    char *hdr_end = strstr(req, "\r\n\r\n");
    if (!hdr_end) {
        logln("handshake bad too-long");
        return -1;
    }
    /* anything after the request is a frame: keep it */
    size_t used = (size_t)(hdr_end + 4 - req);
    memcpy(rbuf, req + used, n - used);
    rlen = n - used;
    *hdr_end = '\0';
    char method[16], path[4096];
    if (sscanf(req, "%15s %4095s", method, path) != 2) {
        logln("handshake bad request-line");
        return -1;
    }
    logln("request %s %s", method, path);
    int upgrade = 0, connection = 0, version = 0, host = 0;
    key[0] = '\0';
    for (char *line = strstr(req, "\r\n"); line; line = strstr(line, "\r\n")) {
        line += 2;
        char *colon = strchr(line, ':');
        char *eol = strstr(line, "\r\n");
        if (!colon || (eol && colon > eol))
            continue;
        size_t nl = (size_t)(colon - line);
        char *v = colon + 1;
        while (*v == ' ')
            v++;
        size_t vl = eol ? (size_t)(eol - v) : strlen(v);
        if (nl == 7 && strncasecmp(line, "Upgrade", 7) == 0)
            upgrade = vl == 9 && strncasecmp(v, "websocket", 9) == 0;
        else if (nl == 10 && strncasecmp(line, "Connection", 10) == 0)
            connection = vl >= 7 && strncasecmp(v, "Upgrade", 7) == 0;
        else if (nl == 21 && strncasecmp(line, "Sec-WebSocket-Version", 21) == 0)
            version = vl == 2 && strncmp(v, "13", 2) == 0;
        else if (nl == 4 && strncasecmp(line, "Host", 4) == 0)
            host = 1;
        else if (nl == 17 && strncasecmp(line, "Sec-WebSocket-Key", 17) == 0 && vl < keyn) {
            memcpy(key, v, vl);
            key[vl] = '\0';
        }
    }
    if (!upgrade || !connection || !version || !host || strlen(key) != 24) {
        logln("handshake bad upgrade=%d connection=%d version=%d host=%d keylen=%zu", upgrade,
              connection, version, host, strlen(key));
        return -1;
    }
    logln("handshake ok");
    return 0;
}

static void do_accept(const char *mode)
{
    if (accept_conn(strcmp(mode, "keep") == 0) != 0)
        return;
    char key[64];
    if (read_request(key, sizeof key) != 0 && strcmp(mode, "garbage") != 0) {
        close_conn();
        return;
    }
    char accept[29];
    ws_accept_key(key, accept);
    char resp[512];
    if (strcmp(mode, "garbage") == 0) {
        static const char garbage[] = "SSH-2.0-OpenSSH_9.2\r\n\x1b[31mnot http\r\n\r\n";
        write_all(garbage, sizeof garbage - 1);
        close_conn();
        return;
    }
    if (strncmp(mode, "status ", 7) == 0) {
        snprintf(resp, sizeof resp, "HTTP/1.1 %s Nope\r\nContent-Length: 0\r\n\r\n", mode + 7);
        write_all(resp, strlen(resp));
        close_conn();
        return;
    }
    if (strcmp(mode, "badkey") == 0)
        snprintf(accept, sizeof accept, "dGhpcyBpcyBub3QgdGhlIGtleQ=");
    snprintf(resp, sizeof resp,
             "HTTP/1.1 101 Switching Protocols\r\n"
             "Upgrade: websocket\r\n"
             "Connection: Upgrade\r\n"
             "Sec-WebSocket-Accept: %s\r\n"
             "\r\n",
             accept);
    if (strcmp(mode, "bytewise") == 0) {
        for (size_t i = 0; resp[i]; i++) {
            if (write_all(resp + i, 1) != 0)
                return;
            sleep_ms(1);
        }
    } else {
        write_all(resp, strlen(resp));
    }
    if (rlen)
        handle_frames();
}

static int hexval(int c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return NULL;
    char *buf = NULL;
    size_t cap = 0, n = 0;
    for (;;) {
        if (n + 4096 > cap) {
            cap = cap ? cap * 2 : 8192;
            char *nb = realloc(buf, cap);
            if (!nb) {
                free(buf);
                fclose(f);
                return NULL;
            }
            buf = nb;
        }
        size_t r = fread(buf + n, 1, cap - n, f);
        n += r;
        if (r == 0)
            break;
    }
    fclose(f);
    *len = n;
    return buf;
}

/* tmpl with every "{i}" replaced by i; returns the length (cut at n - 1). */
static int expand(char *out, size_t n, const char *tmpl, long i)
{
    size_t o = 0;
    for (const char *p = tmpl; *p && o + 1 < n;) {
        if (strncmp(p, "{i}", 3) == 0) {
            int w = snprintf(out + o, n - o, "%ld", i);
            o = w < 0 || (size_t)w >= n - o ? n - 1 : o + (size_t)w;
            p += 3;
        } else {
            out[o++] = *p++;
        }
    }
    out[o] = '\0';
    return (int)o;
}

static void do_flood(long count, const char *tmpl)
{
    static unsigned char out[1 << 16];
    size_t ol = 0;
    for (long i = 0; i < count && csock >= 0; i++) {
        char msg[1024];
        int ml = expand(msg, sizeof msg, tmpl, i);
        if (ol + (size_t)ml + 14 > sizeof out) {
            write_all(out, ol);
            ol = 0;
        }
        ol += frame_hdr(out + ol, 1, 1, (uint64_t)ml);
        memcpy(out + ol, msg, (size_t)ml);
        ol += (size_t)ml;
    }
    if (ol)
        write_all(out, ol);
    logln("flood done %ld", count);
}

static void run_action(char *line)
{
    size_t l = strlen(line);
    while (l && (line[l - 1] == '\n' || line[l - 1] == '\r'))
        line[--l] = '\0';
    while (*line == ' ' || *line == '\t')
        line++;
    if (!*line || *line == '#')
        return;
    char *arg = strchr(line, ' ');
    if (arg)
        *arg++ = '\0';
    else
        arg = line + strlen(line);
    if (strcmp(line, "accept") == 0)
        do_accept("");
    else if (strcmp(line, "accept-keep") == 0)
        do_accept("keep");
    else if (strcmp(line, "parked-expect-close") == 0) {
        /* read the parked connection until a close frame, answer it, close */
        unsigned char b[4096];
        size_t n = 0;
        int64_t end = now_ms() + (*arg ? atoi(arg) : 5000);
        int done = 0;
        while (parked >= 0 && !done && now_ms() < end) {
            struct pollfd pfd = {parked, POLLIN, 0};
            if (poll(&pfd, 1, 50) <= 0)
                continue;
            ssize_t r = recv(parked, b + n, sizeof b - n, 0);
            if (r <= 0) {
                logln("parked eof");
                break;
            }
            n += (size_t)r;
            /* skip whole frames until a close (all client frames are masked, < 126 bytes here) */
            size_t pos = 0;
            while (n - pos >= 6) {
                size_t len = b[pos + 1] & 0x7F;
                if (len >= 126 || n - pos < 6 + len)
                    break;
                if ((b[pos] & 0x0F) == 8) {
                    int c = len >= 2 ? (((b[pos + 6] ^ b[pos + 2]) << 8) | (b[pos + 7] ^ b[pos + 3])) : 1005;
                    logln("parked recv close %s %d", (b[pos + 1] & 0x80) ? "masked" : "unmasked", c);
                    unsigned char rep[4] = {0x88, 2, (unsigned char)(c >> 8), (unsigned char)c};
                    send(parked, rep, 4, MSG_NOSIGNAL);
                    done = 1;
                    break;
                }
                pos += 6 + len;
            }
            if (!done && pos) {
                memmove(b, b + pos, n - pos);
                n -= pos;
            }
        }
        if (parked >= 0)
            close(parked);
        parked = -1;
    } else if (strcmp(line, "accept-bytewise") == 0)
        do_accept("bytewise");
    else if (strcmp(line, "accept-garbage") == 0)
        do_accept("garbage");
    else if (strcmp(line, "accept-badkey") == 0)
        do_accept("badkey");
    else if (strcmp(line, "accept-status") == 0) {
        char m[64];
        snprintf(m, sizeof m, "status %.50s", arg);
        do_accept(m);
    } else if (strcmp(line, "text") == 0)
        send_frame(1, 1, arg, strlen(arg));
    else if (strcmp(line, "binary") == 0)
        send_frame(1, 2, arg, strlen(arg));
    else if (strcmp(line, "text-file") == 0) {
        size_t n = 0;
        char *b = read_file(arg, &n);
        if (!b) {
            logln("error cannot read %s", arg);
            return;
        }
        /* a fixture file ends with a newline; the venue sends none */
        while (n && (b[n - 1] == '\n' || b[n - 1] == '\r'))
            n--;
        send_frame(1, 1, b, n);
        free(b);
    } else if (strcmp(line, "frag") == 0) {
        int parts = atoi(arg);
        char *s = strchr(arg, ' ');
        s = s ? s + 1 : arg + strlen(arg);
        size_t n = strlen(s);
        if (parts < 2)
            parts = 2;
        size_t per = n / (size_t)parts;
        size_t off = 0;
        for (int i = 0; i < parts; i++) {
            size_t take = i == parts - 1 ? n - off : per;
            send_frame(i == parts - 1, i == 0 ? 1 : 0, s + off, take);
            off += take;
            if (i == 0)
                send_frame(1, 9, "mid", 3); /* control frames may interleave (RFC 6455 5.4) */
        }
    } else if (strcmp(line, "bytewise") == 0) {
        unsigned char h[14];
        size_t n = strlen(arg);
        size_t hl = frame_hdr(h, 1, 1, n);
        for (size_t i = 0; i < hl + n; i++) {
            unsigned char c = i < hl ? h[i] : (unsigned char)arg[i - hl];
            if (write_all(&c, 1) != 0)
                return;
            sleep_ms(1);
        }
    } else if (strcmp(line, "ping") == 0)
        send_frame(1, 9, arg, strlen(arg));
    else if (strcmp(line, "close") == 0) {
        int code = atoi(arg);
        char *reason = strchr(arg, ' ');
        unsigned char p[125];
        size_t n = 0;
        p[n++] = (unsigned char)(code >> 8);
        p[n++] = (unsigned char)code;
        if (reason) {
            size_t rl = strlen(reason + 1);
            if (rl > 120)
                rl = 120;
            memcpy(p + n, reason + 1, rl);
            n += rl;
        }
        if (send_frame(1, 8, p, n) == 0) {
            logln("sent close %d", code);
            /* wait for the client's close; handle_frames would answer it
             * again, so read raw here */
            int64_t end = now_ms() + 2000;
            while (csock >= 0 && now_ms() < end) {
                struct pollfd pfd = {csock, POLLIN, 0};
                if (poll(&pfd, 1, 50) <= 0)
                    continue;
                ssize_t r = recv(csock, rbuf + rlen, sizeof rbuf - rlen, 0);
                if (r <= 0) {
                    logln("eof");
                    break;
                }
                rlen += (size_t)r;
                if (rlen >= 2 && (rbuf[0] & 0x0F) == 8) {
                    size_t len = rbuf[1] & 0x7F;
                    if (rlen >= 6 + len) {
                        int c = 1005;
                        if (len >= 2)
                            c = ((rbuf[6] ^ rbuf[2]) << 8) | (rbuf[7] ^ rbuf[3]);
                        logln("recv close %s %d", (rbuf[1] & 0x80) ? "masked" : "unmasked", c);
                        break;
                    }
                } else if (rlen >= 2) {
                    rlen = 0; /* some other frame in flight: ignore */
                }
            }
        }
        close_conn();
    } else if (strcmp(line, "drop") == 0 || strcmp(line, "reset") == 0) {
        if (csock >= 0 && line[0] == 'r') {
            /* RST instead of FIN, as a crashed peer or a middlebox would give */
            struct linger lg = {1, 0};
            setsockopt(csock, SOL_SOCKET, SO_LINGER, &lg, sizeof lg);
        }
        close_conn();
        logln("dropped");
    } else if (strcmp(line, "oversize") == 0) {
        unsigned long long n = strtoull(arg, NULL, 10);
        unsigned char h[14];
        size_t hl = frame_hdr(h, 1, 1, n);
        write_all(h, hl);
        static char pad[65536];
        memset(pad, 'a', sizeof pad);
        write_all(pad, n < sizeof pad ? (size_t)n : sizeof pad);
    } else if (strcmp(line, "bad-utf8") == 0) {
        static const unsigned char bad[] = {'{', '"', 'x', '"', ':', '"', 0xC3, 0x28, '"', '}'};
        send_frame(1, 1, bad, sizeof bad);
    } else if (strcmp(line, "raw") == 0) {
        unsigned char b[4096];
        size_t n = 0;
        for (char *c = arg; c[0] && c[1] && n < sizeof b; c += 2) {
            while (*c == ' ')
                c++;
            int hi = hexval(c[0]), lo = hexval(c[1]);
            if (hi < 0 || lo < 0)
                break;
            b[n++] = (unsigned char)(hi << 4 | lo);
        }
        write_all(b, n);
    } else if (strcmp(line, "wait") == 0)
        pump(atoi(arg), 0);
    else if (strcmp(line, "expect-text") == 0) {
        pump(*arg ? atoi(arg) : 5000, 1);
        if (!got_text)
            logln("error no text from the client");
    } else if (strcmp(line, "expect-close") == 0)
        pump(*arg ? atoi(arg) : 5000, 2);
    else if (strcmp(line, "echo") == 0)
        echo_on = strcmp(arg, "on") == 0;
    else if (strcmp(line, "mute") == 0)
        mute_on = strcmp(arg, "on") == 0;
    else if (strcmp(line, "stall") == 0)
        sleep_ms(atoi(arg));
    else if (strcmp(line, "flood") == 0) {
        long count = strtol(arg, NULL, 10);
        char *s = strchr(arg, ' ');
        do_flood(count, s ? s + 1 : "x");
    } else if (strcmp(line, "log") == 0)
        logln("%s", arg);
    else
        logln("error unknown action '%s'", line);
}

int main(int argc, char **argv)
{
    int port = 0;
    const char *script = NULL, *logpath = NULL;
    int i = 1;
    for (; i < argc; i++) {
        if (strcmp(argv[i], "--port") == 0 && i + 1 < argc)
            port = atoi(argv[++i]);
        else if (strcmp(argv[i], "--log") == 0 && i + 1 < argc)
            logpath = argv[++i];
        else if (strcmp(argv[i], "--script") == 0 && i + 1 < argc)
            script = argv[++i];
        else
            break;
    }
    signal(SIGPIPE, SIG_IGN);
    if (logpath) {
        logf_ = fopen(logpath, "a");
        if (!logf_) {
            fprintf(stderr, "mockws: cannot open log %s\n", logpath);
            return 1;
        }
    }
    lsock = socket(AF_INET, SOCK_STREAM, 0);
    int one = 1;
    setsockopt(lsock, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in sa;
    memset(&sa, 0, sizeof sa);
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(lsock, (struct sockaddr *)&sa, sizeof sa) != 0 || listen(lsock, 8) != 0) {
        fprintf(stderr, "mockws: cannot listen on 127.0.0.1:%d: %s\n", port, strerror(errno));
        return 1;
    }
    socklen_t sl = sizeof sa;
    getsockname(lsock, (struct sockaddr *)&sa, &sl);
    printf("PORT %d\n", ntohs(sa.sin_port));
    fflush(stdout);
    if (script) {
        FILE *f = fopen(script, "r");
        if (!f) {
            fprintf(stderr, "mockws: cannot read script %s\n", script);
            return 1;
        }
        char line[65536];
        while (fgets(line, sizeof line, f))
            run_action(line);
        fclose(f);
    }
    for (; i < argc; i++) {
        char line[65536];
        snprintf(line, sizeof line, "%s", argv[i]);
        run_action(line);
    }
    /* give the client a moment to see the last frames, then end */
    if (csock >= 0)
        pump(200, 0);
    close_conn();
    if (parked >= 0)
        close(parked);
    close(lsock);
    logln("done");
    if (logf_)
        fclose(logf_);
    return 0;
}
