/* verify.js — 双随 (shuangsui) 抽取的独立复核程序(JavaScript 版)/ independent verifier.
 *
 * 中文说明
 * 本程序只依据 sampling/SPEC.md(抽取规范第 2 版)编写,纯 JavaScript,不依赖任何库,
 * 不联网;与 Go 程序和 verify.py 互不依赖。它既可在 node 下运行,也嵌在离线网页
 * 核验.html 中在浏览器里运行(SHA-256、gzip 解压和 JSON 严格读取都由本文件自己实现,
 * 大数用 BigInt)。
 *   node verify.js record 记录.json   复核导出的记录(SPEC §8–§11,格式 2 与 1);
 *                                      退出码 0 通过,1 不通过,2 文件无法读取
 *   node verify.js ticket 种子 编号     打印完整抽签号(SPEC §1)
 *   node verify.js selftest             用 SPEC 的测试向量自检
 *
 * English
 * Written from sampling/SPEC.md (version 2) alone, in plain JavaScript with no
 * dependencies and no network. It runs under node and, unchanged, inside the
 * offline page 核验.html: SHA-256, inflate and the strict JSON reader are
 * implemented here; ticket arithmetic uses BigInt. Verdicts and the first
 * mismatch named are those of assets/verify.py (same paths, same messages).
 */
(function (root) {
  "use strict";

  // -------------------------------------------------------------------------
  // Errors

  /** The first difference found while verifying a record. */
  function Mismatch(where, what) {
    this.where = where;
    this.what = what;
    this.message = where + ": " + what;
  }
  Mismatch.prototype = Object.create(Error.prototype);
  Mismatch.prototype.name = "Mismatch";

  /** A draw cannot be made from its inputs (duplicate id, take too large …). */
  function DrawError(msg) {
    this.message = msg;
  }
  DrawError.prototype = Object.create(Error.prototype);
  DrawError.prototype.name = "DrawError";

  /** Not JSON (the ValueError of verify.py). */
  function JSONError(msg) {
    this.message = msg;
  }
  JSONError.prototype = Object.create(Error.prototype);
  JSONError.prototype.name = "JSONError";

  /**
   * The record holds more text than this JavaScript engine can make one
   * string of (V8: about 512 MiB): it cannot be verified here, which says
   * nothing against the record.
   */
  function TooLarge(msg) {
    this.message = msg;
  }
  TooLarge.prototype = Object.create(Error.prototype);
  TooLarge.prototype.name = "TooLarge";

  // -------------------------------------------------------------------------
  // UTF-8 and byte order

  var encoder = new TextEncoder();

  /** The UTF-8 bytes of s. */
  function utf8(s) {
    return encoder.encode(s);
  }

  /**
   * s decoded as strict UTF-8 (a BOM is kept, as Python keeps it); throws
   * JSONError, or TooLarge when the engine cannot make a string that long
   * (not a decoding error: browsers throw a RangeError, node an Error with
   * the code ERR_STRING_TOO_LONG).
   */
  function decodeUTF8(bytes) {
    try {
      return new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes);
    } catch (e) {
      if (e instanceof RangeError || (e && e.code === "ERR_STRING_TOO_LONG")) {
        throw new TooLarge(bytes.length + " 字节的文本超过本程序(浏览器或 node)能处理的最大长度,无法在此核验;请用 verify 或 verify.py " +
          "the text of " + bytes.length + " bytes is longer than this program (browser or node) can hold: it cannot be verified here; use verify or verify.py");
      }
      throw new JSONError("不是有效的 UTF-8 not valid UTF-8");
    }
  }

  /** Compares two strings by their UTF-8 bytes (= code point order). */
  function cmpBytes(a, b) {
    var n = Math.min(a.length, b.length);
    for (var i = 0; i < n; i++) {
      var x = a.charCodeAt(i), y = b.charCodeAt(i);
      if (x === y) continue;
      if (x >= 0xd800 && x <= 0xdfff) x += 0x2000; else if (x >= 0xe000) x -= 0x800;
      if (y >= 0xd800 && y <= 0xdfff) y += 0x2000; else if (y >= 0xe000) y -= 0x800;
      return x < y ? -1 : 1;
    }
    return a.length - b.length;
  }

  function sortedBytes(xs) {
    return xs.slice().sort(cmpBytes);
  }

  function bytesEqual(a, b) {
    if (a.length !== b.length) return false;
    for (var i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }

  function concatBytes(parts) {
    var n = 0, i;
    for (i = 0; i < parts.length; i++) n += parts[i].length;
    var out = new Uint8Array(n), o = 0;
    for (i = 0; i < parts.length; i++) { out.set(parts[i], o); o += parts[i].length; }
    return out;
  }

  // -------------------------------------------------------------------------
  // SHA-256 (FIPS 180-4), pure JavaScript: file:// pages may lack crypto.subtle,
  // and it is synchronous, so node and every browser run the same code.

  var K256 = new Int32Array([
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2]);
  var W256 = new Int32Array(64);

  /** SHA-256 of a Uint8Array, as 32 bytes. */
  function sha256(data) {
    var h0 = 0x6a09e667 | 0, h1 = 0xbb67ae85 | 0, h2 = 0x3c6ef372 | 0, h3 = 0xa54ff53a | 0,
      h4 = 0x510e527f | 0, h5 = 0x9b05688c | 0, h6 = 0x1f83d9ab | 0, h7 = 0x5be0cd19 | 0;
    var len = data.length;
    var total = ((len + 9 + 63) >> 6) << 6;
    var tail = new Uint8Array(total - (len & ~63));
    tail.set(data.subarray(len & ~63));
    tail[len & 63] = 0x80;
    var bits = len * 8;
    var hi = Math.floor(bits / 0x100000000), lo = bits >>> 0;
    var t = tail.length;
    tail[t - 8] = hi >>> 24; tail[t - 7] = hi >>> 16; tail[t - 6] = hi >>> 8; tail[t - 5] = hi;
    tail[t - 4] = lo >>> 24; tail[t - 3] = lo >>> 16; tail[t - 2] = lo >>> 8; tail[t - 1] = lo;
    var W = W256, K = K256;
    var full = len & ~63;
    for (var off = 0; off < total; off += 64) {
      var buf, p;
      if (off < full) { buf = data; p = off; } else { buf = tail; p = off - full; }
      var i;
      for (i = 0; i < 16; i++, p += 4) {
        W[i] = (buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3];
      }
      for (i = 16; i < 64; i++) {
        var w15 = W[i - 15], w2 = W[i - 2];
        var s0 = ((w15 >>> 7) | (w15 << 25)) ^ ((w15 >>> 18) | (w15 << 14)) ^ (w15 >>> 3);
        var s1 = ((w2 >>> 17) | (w2 << 15)) ^ ((w2 >>> 19) | (w2 << 13)) ^ (w2 >>> 10);
        W[i] = (W[i - 16] + s0 + W[i - 7] + s1) | 0;
      }
      var a = h0, b = h1, c = h2, d = h3, e = h4, f = h5, g = h6, h = h7;
      for (i = 0; i < 64; i++) {
        var S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
        var ch = (e & f) ^ (~e & g);
        var t1 = (h + S1 + ch + K[i] + W[i]) | 0;
        var S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
        var maj = (a & b) ^ (a & c) ^ (b & c);
        var t2 = (S0 + maj) | 0;
        h = g; g = f; f = e; e = (d + t1) | 0; d = c; c = b; b = a; a = (t1 + t2) | 0;
      }
      h0 = (h0 + a) | 0; h1 = (h1 + b) | 0; h2 = (h2 + c) | 0; h3 = (h3 + d) | 0;
      h4 = (h4 + e) | 0; h5 = (h5 + f) | 0; h6 = (h6 + g) | 0; h7 = (h7 + h) | 0;
    }
    var out = new Uint8Array(32), hs = [h0, h1, h2, h3, h4, h5, h6, h7];
    for (var j = 0; j < 8; j++) {
      out[4 * j] = hs[j] >>> 24; out[4 * j + 1] = hs[j] >>> 16; out[4 * j + 2] = hs[j] >>> 8; out[4 * j + 3] = hs[j];
    }
    return out;
  }

  var HEX = [];
  for (var hx = 0; hx < 256; hx++) HEX.push((hx < 16 ? "0" : "") + hx.toString(16));

  function hex(bytes) {
    var s = "";
    for (var i = 0; i < bytes.length; i++) s += HEX[bytes[i]];
    return s;
  }

  /** Lowercase hex SHA-256 of bytes or of a string's UTF-8 bytes. */
  function sha256hex(x) {
    return hex(sha256(typeof x === "string" ? utf8(x) : x));
  }

  // -------------------------------------------------------------------------
  // Base64 (RFC 4648, standard alphabet): decoding, and the canonical check
  // of SPEC §11 (decoding and encoding again gives the same text).

  var B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  var B64IDX = new Int16Array(128).fill(-1);
  for (var bi = 0; bi < 64; bi++) B64IDX[B64.charCodeAt(bi)] = bi;

  function b64encode(bytes) {
    var out = [], i;
    for (i = 0; i + 2 < bytes.length; i += 3) {
      var n = (bytes[i] << 16) | (bytes[i + 1] << 8) | bytes[i + 2];
      out.push(B64[n >> 18] + B64[(n >> 12) & 63] + B64[(n >> 6) & 63] + B64[n & 63]);
    }
    var r = bytes.length - i;
    if (r === 1) {
      out.push(B64[bytes[i] >> 2] + B64[(bytes[i] & 3) << 4] + "==");
    } else if (r === 2) {
      var m = (bytes[i] << 8) | bytes[i + 1];
      out.push(B64[m >> 10] + B64[(m >> 4) & 63] + B64[(m & 15) << 2] + "=");
    }
    return out.join("");
  }

  /** The bytes of s, or null when s is not base64 at all (validate=True in Python). */
  function b64decode(s) {
    if (s.length % 4 !== 0) return null;
    var pad = 0;
    if (s.length && s[s.length - 1] === "=") pad = s[s.length - 2] === "=" ? 2 : 1;
    var n = s.length - pad;
    var out = new Uint8Array((s.length / 4) * 3 - pad);
    var o = 0, acc = 0, bitsHeld = 0;
    for (var i = 0; i < n; i++) {
      var c = s.charCodeAt(i);
      var v = c < 128 ? B64IDX[c] : -1;
      if (v < 0) return null;
      acc = ((acc << 6) | v) & 0xffffff;
      bitsHeld += 6;
      if (bitsHeld >= 8) {
        bitsHeld -= 8;
        if (o < out.length) out[o++] = (acc >> bitsHeld) & 255;
      }
    }
    return out;
  }

  /** Decodes canonical standard base64; throws Mismatch(where, …) as verify.py does. */
  function b64strict(s, whereBad, whereCanon) {
    var raw = b64decode(s);
    if (raw === null) throw new Mismatch(whereBad[0], whereBad[1]);
    if (b64encode(raw) !== s) throw new Mismatch(whereCanon, "不是规范的标准 base64 not canonical standard base64");
    return raw;
  }

  // -------------------------------------------------------------------------
  // Inflate (RFC 1951) and one gzip member (RFC 1952), pure JavaScript: the
  // same code in every browser, so "exactly one member, nothing after it" is
  // judged alike everywhere (DecompressionStream differs there).

  function GzipError(msg, kind) {
    this.message = msg;
    this.kind = kind; // "truncated" or "bad"
  }
  GzipError.prototype = Object.create(Error.prototype);

  var LEN_BASE = [3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258];
  var LEN_EXTRA = [0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0];
  var DIST_BASE = [1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537, 2049, 3073,
    4097, 6145, 8193, 12289, 16385, 24577];
  var DIST_EXTRA = [0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13];
  var CL_ORDER = [16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15];

  /** A canonical Huffman decoding table (counts per length, symbols by code). */
  function huffman(lengths, n) {
    var count = new Uint16Array(16), symbol = new Uint16Array(n), offs = new Uint16Array(16), i;
    for (i = 0; i < n; i++) count[lengths[i]]++;
    count[0] = 0;
    var left = 1;
    for (i = 1; i < 16; i++) {
      left = (left << 1) - count[i];
      if (left < 0) throw new GzipError("过多的哈夫曼码 over-subscribed code", "bad");
    }
    for (i = 1; i < 15; i++) offs[i + 1] = offs[i] + count[i];
    for (i = 0; i < n; i++) if (lengths[i]) symbol[offs[lengths[i]]++] = i;
    // An incomplete code is allowed only for a single code of length 1 (as zlib).
    var used = 0;
    for (i = 1; i < 16; i++) used += count[i];
    return { count: count, symbol: symbol, incomplete: left > 0, used: used };
  }

  /**
   * Inflates the raw deflate stream of data from pos; returns {out, end}.
   * More than limit bytes of output (if given) is a GzipError of kind "long".
   */
  function inflate(data, pos, limit) {
    if (limit === undefined) limit = Infinity;
    var out = new Uint8Array(Math.min(Math.max(1024, data.length * 4), limit + 1)), olen = 0;
    var bitbuf = 0, bitcnt = 0;
    function need(n) {
      while (bitcnt < n) {
        if (pos >= data.length) throw new GzipError("数据意外结束 unexpected end of data", "truncated");
        bitbuf |= data[pos++] << bitcnt;
        bitcnt += 8;
      }
    }
    function bits(n) {
      if (n === 0) return 0;
      need(n);
      var v = bitbuf & ((1 << n) - 1);
      bitbuf >>>= n;
      bitcnt -= n;
      return v;
    }
    function grow(n) {
      if (olen + n > limit) throw new GzipError("超过声明的长度 longer than stated", "long");
      if (olen + n <= out.length) return;
      var size = out.length * 2;
      while (size < olen + n) size *= 2;
      size = Math.min(size, limit);
      var bigger = new Uint8Array(size);
      bigger.set(out.subarray(0, olen));
      out = bigger;
    }
    function decode(h) {
      var code = 0, first = 0, index = 0;
      for (var len = 1; len < 16; len++) {
        code |= bits(1);
        var count = h.count[len];
        if (code - count < first) return h.symbol[index + (code - first)];
        index += count;
        first += count;
        first <<= 1;
        code <<= 1;
      }
      throw new GzipError("无效的哈夫曼码 invalid code", "bad");
    }
    var fixedLit = null, fixedDist = null;
    for (;;) {
      var last = bits(1), type = bits(2);
      if (type === 0) {
        bitbuf = 0; bitcnt = 0; // to a byte boundary
        if (pos + 4 > data.length) throw new GzipError("数据意外结束 unexpected end of data", "truncated");
        var len = data[pos] | (data[pos + 1] << 8), nlen = data[pos + 2] | (data[pos + 3] << 8);
        pos += 4;
        if (len !== (~nlen & 0xffff)) throw new GzipError("存储块长度不符 stored block length mismatch", "bad");
        if (pos + len > data.length) throw new GzipError("数据意外结束 unexpected end of data", "truncated");
        grow(len);
        out.set(data.subarray(pos, pos + len), olen);
        olen += len;
        pos += len;
      } else if (type === 1 || type === 2) {
        var lit, dist;
        if (type === 1) {
          if (!fixedLit) {
            var l = new Uint8Array(288), i;
            for (i = 0; i < 144; i++) l[i] = 8;
            for (; i < 256; i++) l[i] = 9;
            for (; i < 280; i++) l[i] = 7;
            for (; i < 288; i++) l[i] = 8;
            fixedLit = huffman(l, 288);
            var d = new Uint8Array(30).fill(5);
            fixedDist = huffman(d, 30);
          }
          lit = fixedLit; dist = fixedDist;
        } else {
          var hlit = bits(5) + 257, hdist = bits(5) + 1, hclen = bits(4) + 4;
          if (hlit > 286 || hdist > 30) throw new GzipError("动态块码长过多 bad counts", "bad");
          var cl = new Uint8Array(19), k;
          for (k = 0; k < hclen; k++) cl[CL_ORDER[k]] = bits(3);
          var clh = huffman(cl, 19);
          if (clh.incomplete) throw new GzipError("码长的码不完整 incomplete code-length code", "bad");
          var lens = new Uint8Array(hlit + hdist);
          k = 0;
          while (k < hlit + hdist) {
            var sym = decode(clh);
            if (sym < 16) { lens[k++] = sym; continue; }
            var rep, val = 0;
            if (sym === 16) {
              if (k === 0) throw new GzipError("重复码没有前值 repeat with no first length", "bad");
              val = lens[k - 1]; rep = 3 + bits(2);
            } else if (sym === 17) rep = 3 + bits(3);
            else rep = 11 + bits(7);
            if (k + rep > hlit + hdist) throw new GzipError("码长过多 too many lengths", "bad");
            while (rep--) lens[k++] = val;
          }
          if (lens[256] === 0) throw new GzipError("缺少块结束码 no end-of-block code", "bad");
          lit = huffman(lens.subarray(0, hlit), hlit);
          if (lit.incomplete && lit.used !== 1) throw new GzipError("字面码不完整 incomplete literal/length code", "bad");
          dist = huffman(lens.subarray(hlit), hdist);
          if (dist.incomplete && dist.used !== 1) throw new GzipError("距离码不完整 incomplete distance code", "bad");
        }
        for (;;) {
          var s = decode(lit);
          if (s < 256) {
            grow(1);
            out[olen++] = s;
          } else if (s === 256) {
            break;
          } else {
            s -= 257;
            if (s >= 29) throw new GzipError("无效的长度码 invalid length symbol", "bad");
            var n = LEN_BASE[s] + bits(LEN_EXTRA[s]);
            var ds = decode(dist);
            if (ds >= 30) throw new GzipError("无效的距离码 invalid distance symbol", "bad");
            var back = DIST_BASE[ds] + bits(DIST_EXTRA[ds]);
            if (back > olen) throw new GzipError("距离超出已输出的数据 distance too far back", "bad");
            grow(n);
            for (var q = 0; q < n; q++, olen++) out[olen] = out[olen - back];
          }
        }
      } else {
        throw new GzipError("无效的块类型 invalid block type", "bad");
      }
      if (last) break;
    }
    return { out: out.subarray(0, olen), end: pos };
  }

  var CRC_TABLE = (function () {
    var t = new Int32Array(256);
    for (var n = 0; n < 256; n++) {
      var c = n;
      for (var k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
      t[n] = c;
    }
    return t;
  })();

  function crc32(bytes) {
    var c = -1;
    for (var i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]) & 255] ^ (c >>> 8);
    return (c ^ -1) >>> 0;
  }

  /**
   * The content of one gzip member at the start of raw: {out, unused}; more
   * than limit bytes of content (if given) is a GzipError of kind "long".
   */
  function gunzipMember(raw, limit) {
    function at(i) {
      if (i >= raw.length) throw new GzipError("数据意外结束 unexpected end of data", "truncated");
      return raw[i];
    }
    if (raw.length >= 1 && raw[0] !== 0x1f || raw.length >= 2 && raw[1] !== 0x8b) {
      throw new GzipError("文件头不对 incorrect header check", "bad");
    }
    if (at(0) !== 0x1f || at(1) !== 0x8b) throw new GzipError("文件头不对 incorrect header check", "bad");
    if (at(2) !== 8) throw new GzipError("未知的压缩方法 unknown compression method", "bad");
    var flg = at(3);
    if (flg & 0xe0) throw new GzipError("未知的头标志 unknown header flags set", "bad");
    at(9);
    var pos = 10;
    if (flg & 4) { var xlen = at(pos) | (at(pos + 1) << 8); pos += 2 + xlen; at(pos - 1); }
    if (flg & 8) { while (at(pos++) !== 0); }
    if (flg & 16) { while (at(pos++) !== 0); }
    if (flg & 2) {
      var want = crc32(raw.subarray(0, pos)) & 0xffff;
      if ((at(pos) | (at(pos + 1) << 8)) !== want) throw new GzipError("头校验不符 header crc mismatch", "bad");
      pos += 2;
    }
    var r = inflate(raw, pos, limit);
    pos = r.end;
    at(pos + 7);
    var crc = (raw[pos] | (raw[pos + 1] << 8) | (raw[pos + 2] << 16) | (raw[pos + 3] << 24)) >>> 0;
    var isize = (raw[pos + 4] | (raw[pos + 5] << 8) | (raw[pos + 6] << 16) | (raw[pos + 7] << 24)) >>> 0;
    if (crc !== crc32(r.out)) throw new GzipError("数据校验不符 incorrect data check", "bad");
    if (isize !== (r.out.length >>> 0)) throw new GzipError("长度校验不符 incorrect length check", "bad");
    return { out: r.out, unused: raw.length - (pos + 8) };
  }

  // -------------------------------------------------------------------------
  // Strict JSON (SPEC §11): our own reader, because JSON.parse keeps the last
  // of two equal members. Objects are plain objects without a prototype,
  // integers are numbers and a number with a fraction or exponent is a JFloat
  // (not an integer, as in Python). Members are checked when an object ends,
  // innermost first, as Python's object_pairs_hook does.

  function JFloat(text) {
    this.text = text;
    this.value = Number(text);
  }

  var NAME_OK = /^[a-z0-9_]+$/;
  var NUMBER = /-?(?:0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?/y;

  function strictParse(text, what) {
    var i = 0, n = text.length;
    function fail(msg) {
      throw new JSONError(msg + " (char " + i + ")");
    }
    function ws() {
      for (;;) {
        var c = text.charCodeAt(i);
        if (c === 32 || c === 9 || c === 10 || c === 13) i++; else return;
      }
    }
    function str() {
      i++; // the opening quote
      var parts = [], start = i;
      for (;;) {
        if (i >= n) fail("字符串未结束 unterminated string");
        var c = text.charCodeAt(i);
        if (c === 34) { parts.push(text.slice(start, i)); i++; return parts.join(""); }
        if (c < 0x20) fail("字符串中有控制字符 invalid control character");
        if (c !== 92) { i++; continue; }
        parts.push(text.slice(start, i));
        var e = text[i + 1];
        i += 2;
        switch (e) {
          case '"': parts.push('"'); break;
          case "\\": parts.push("\\"); break;
          case "/": parts.push("/"); break;
          case "b": parts.push("\b"); break;
          case "f": parts.push("\f"); break;
          case "n": parts.push("\n"); break;
          case "r": parts.push("\r"); break;
          case "t": parts.push("\t"); break;
          case "u":
            var h = text.slice(i, i + 4);
            if (!/^[0-9a-fA-F]{4}$/.test(h)) fail("无效的 \\u 转义 invalid \\uXXXX escape");
            parts.push(String.fromCharCode(parseInt(h, 16)));
            i += 4;
            break;
          default:
            i -= 1;
            fail("无效的转义 invalid escape");
        }
        start = i;
      }
    }
    function value() {
      ws();
      var c = text[i];
      if (c === "{") {
        i++;
        var pairs = [];
        ws();
        if (text[i] === "}") { i++; return finish(pairs); }
        for (;;) {
          ws();
          if (text[i] !== '"') fail("应为带引号的成员名 expecting property name enclosed in double quotes");
          var k = str();
          ws();
          if (text[i] !== ":") fail("应为 ':' expecting ':' delimiter");
          i++;
          pairs.push([k, value()]);
          ws();
          if (text[i] === "}") { i++; return finish(pairs); }
          if (text[i] !== ",") fail("应为 ',' expecting ',' delimiter");
          i++;
        }
      }
      if (c === "[") {
        i++;
        var arr = [];
        ws();
        if (text[i] === "]") { i++; return arr; }
        for (;;) {
          arr.push(value());
          ws();
          if (text[i] === "]") { i++; return arr; }
          if (text[i] !== ",") fail("应为 ',' expecting ',' delimiter");
          i++;
        }
      }
      if (c === '"') return str();
      if (text.startsWith("true", i)) { i += 4; return true; }
      if (text.startsWith("false", i)) { i += 5; return false; }
      if (text.startsWith("null", i)) { i += 4; return null; }
      NUMBER.lastIndex = i;
      var m = NUMBER.exec(text);
      if (m) {
        i += m[0].length;
        if (m[1] || m[2]) return new JFloat(m[0]);
        return Number(m[0]);
      }
      fail("应为值 expecting value");
    }
    function finish(pairs) {
      var out = Object.create(null);
      for (var j = 0; j < pairs.length; j++) {
        var k = pairs[j][0];
        if (!NAME_OK.test(k)) {
          throw new Mismatch(what, "成员名 " + pyRepr(k) + " 不是小写字母、数字和下划线 member name not in lower case");
        }
        if (Object.prototype.hasOwnProperty.call(out, k)) {
          throw new Mismatch(what, "成员 " + pyRepr(k) + " 重复出现 member appears twice");
        }
        out[k] = pairs[j][1];
      }
      return out;
    }
    var v = value();
    ws();
    if (i !== n) fail("多余的数据 extra data");
    return v;
  }

  /** SPEC §11: bytes → strict JSON value; JSONError when not UTF-8 or not JSON. */
  function strictLoads(bytes, what) {
    return strictParse(decodeUTF8(bytes), what);
  }

  // -------------------------------------------------------------------------
  // Values as verify.py prints them (repr and json.dumps), so that messages agree.

  function isObj(v) {
    return v !== null && typeof v === "object" && !Array.isArray(v) && !(v instanceof JFloat);
  }

  function has(o, k) {
    return Object.prototype.hasOwnProperty.call(o, k);
  }

  function get(o, k) {
    return has(o, k) ? o[k] : null;
  }

  function pyRepr(v) {
    if (v === null || v === undefined) return "None";
    if (v === true) return "True";
    if (v === false) return "False";
    if (typeof v === "number") return String(v);
    if (v instanceof JFloat) return String(v.value);
    if (typeof v === "string") {
      var q = v.indexOf("'") >= 0 && v.indexOf('"') < 0 ? '"' : "'";
      var s = "";
      for (var i = 0; i < v.length; i++) {
        var c = v[i], code = v.charCodeAt(i);
        if (c === "\\") s += "\\\\";
        else if (c === q) s += "\\" + q;
        else if (c === "\n") s += "\\n";
        else if (c === "\r") s += "\\r";
        else if (c === "\t") s += "\\t";
        else if (code < 0x20 || code === 0x7f) s += "\\x" + (code < 16 ? "0" : "") + code.toString(16);
        else s += c;
      }
      return q + s + q;
    }
    if (Array.isArray(v)) return "[" + v.map(pyRepr).join(", ") + "]";
    return "{" + Object.keys(v).map(function (k) { return pyRepr(k) + ": " + pyRepr(v[k]); }).join(", ") + "}";
  }

  /** json.dumps(v, ensure_ascii=False) with Python's default separators. */
  function pyDumps(v) {
    if (v === null || v === undefined) return "null";
    if (v instanceof JFloat) return String(v.value);
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return JSON.stringify(v);
    if (Array.isArray(v)) return "[" + v.map(pyDumps).join(", ") + "]";
    return "{" + Object.keys(v).map(function (k) { return JSON.stringify(k) + ": " + pyDumps(v[k]); }).join(", ") + "}";
  }

  function short(v) {
    if (v === null || v === undefined) return "空 (empty/omitted)";
    var s = Array.from(pyDumps(v));
    return s.length <= 120 ? s.join("") : s.slice(0, 117).join("") + "…";
  }

  /** v written as Go's encoding/json writes it (SPEC §10). */
  function goJSON(v) {
    return JSON.stringify(v).replace(/[<>&\u2028\u2029]/g, function (c) {
      return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4);
    });
  }

  // -------------------------------------------------------------------------
  // §1 Tickets

  function seedHash(seed) {
    return sha256hex(seed);
  }

  function ticketWithPrefix(prefixBytes, ident) {
    var idb = utf8(ident);
    var buf = new Uint8Array(prefixBytes.length + idb.length);
    buf.set(prefixBytes);
    buf.set(idb, prefixBytes.length);
    var x = BigInt("0x" + hex(sha256(buf))).toString();
    while (x.length < 64) x = "0" + x;
    return "0." + x.split("").reverse().join("");
  }

  /** The full ticket of ident under seed, "0.ddd…". */
  function ticket(seed, ident) {
    return ticketWithPrefix(utf8(seedHash(seed)), ident);
  }

  // -------------------------------------------------------------------------
  // §2 Simple sample; §3 systematic sample

  function makePick(rank, ident, tkt, position, alternate) {
    var p = { rank: rank, id: ident };
    if (tkt) p.ticket = tkt;
    if (position) p.position = position;
    if (alternate) p.alternate = true;
    return p;
  }

  function checkUnique(ids) {
    var seen = new Set();
    for (var i = 0; i < ids.length; i++) {
      if (seen.has(ids[i])) throw new DrawError("重复编号 duplicate id: " + pyRepr(ids[i]));
      seen.add(ids[i]);
    }
  }

  /** [ticket, id] for every id, smallest ticket first; ties by id bytes. */
  function ordered(ids, seed) {
    var prefix = utf8(seedHash(seed));
    var t = ids.map(function (i) { return [ticketWithPrefix(prefix, i), i]; });
    t.sort(function (a, b) {
      return a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : cmpBytes(a[1], b[1]);
    });
    return t;
  }

  function sample(ids, seed, take, alternates, firstRank) {
    firstRank = firstRank || 1;
    checkUnique(ids);
    if (take < 0 || alternates < 0) throw new DrawError("抽取数和备选数不能为负 take and alternates must not be negative");
    if (take > ids.length) throw new DrawError("要抽 " + take + " 个,只有 " + ids.length + " 个 take " + take + " > " + ids.length + " ids");
    var o = ordered(ids, seed).slice(0, take + alternates);
    return o.map(function (ti, n) { return makePick(firstRank + n, ti[1], ti[0], 0, n >= take); });
  }

  function systematic(ids, seed, n, alternates) {
    checkUnique(ids);
    var N = ids.length;
    if (!(1 <= n && n <= N)) throw new DrawError("等距抽样要求 1 ≤ n ≤ N systematic needs 1 ≤ n ≤ N (n=" + n + ", N=" + N + ")");
    if (alternates < 0) throw new DrawError("备选数不能为负 alternates must not be negative");
    var s = sortedBytes(ids);
    var uStr = ticket(seed, "start").slice(2, 20);
    var u = BigInt(uStr), E = BigInt("1000000000000000000"), bN = BigInt(N), bn = BigInt(n);
    var picks = [], drawn = new Set();
    for (var j = 0; j < n; j++) {
      var p = Number(((u + BigInt(j) * E) * bN) / (bn * E));
      picks.push(makePick(j + 1, s[p], "", p + 1, false));
      drawn.add(s[p]);
    }
    var rest = ids.filter(function (i) { return !drawn.has(i); });
    return { start: uStr, picks: picks.concat(sample(rest, seed, 0, alternates, n + 1)) };
  }

  // -------------------------------------------------------------------------
  // Reading values of the expected type (omitted or null = empty)

  function needStr(v, where) {
    if (v === null || v === undefined) return "";
    if (typeof v !== "string") throw new Mismatch(where, "应为字符串 should be a string: " + pyRepr(v));
    return v;
  }

  function needInt(v, where) {
    if (v === null || v === undefined) return 0;
    if (typeof v !== "number") throw new Mismatch(where, "应为整数 should be an integer: " + pyRepr(v));
    return v;
  }

  function needBool(v, where) {
    if (v === null || v === undefined) return false;
    if (typeof v !== "boolean") throw new Mismatch(where, "应为真假值 should be a boolean: " + pyRepr(v));
    return v;
  }

  function needList(v, where) {
    if (v === null || v === undefined) return [];
    if (!Array.isArray(v)) throw new Mismatch(where, "应为列表 should be a list: " + pyRepr(v));
    return v;
  }

  function needObj(v, where) {
    if (v === null || v === undefined) return Object.create(null);
    if (!isObj(v)) throw new Mismatch(where, "应为对象 should be an object: " + pyRepr(v));
    return v;
  }

  // -------------------------------------------------------------------------
  // §5 The frame and its fingerprint F

  function Frame() {
    this.code = ""; this.version = 0; this.matterName = ""; this.specialty = "";
    this.drawDate = ""; this.k = 0; this.m = 0; this.overrides = []; this.method = "";
    this.members = 0; this.leaders = []; this.r = 0;
    this.counties = []; this.units = []; this.inspectors = [];
    this.byId = new Map(); this.homeAllowed = false; this.byCounty = null;
    this.directed = null; this.partner = "";
  }

  /** The frame of its JSON form (format 1 commits). */
  Frame.fromJSON = function (j, where) {
    where = where || "frame";
    var f = new Frame();
    j = needObj(j, where);
    var m = needObj(get(j, "matter"), where + ".matter");
    f.code = needStr(get(m, "code"), where + ".matter.code");
    f.version = needInt(get(m, "version"), where + ".matter.version");
    f.matterName = needStr(get(m, "name"), where + ".matter.name");
    f.specialty = needStr(get(m, "specialty"), where + ".matter.specialty");
    f.drawDate = needStr(get(j, "draw_date"), where + ".draw_date");
    var w = where + ".params";
    var p = needObj(get(j, "params"), w);
    f.k = needInt(get(p, "counties"), w + ".counties");
    f.m = needInt(get(p, "units_per_county"), w + ".units_per_county");
    needList(get(p, "units_override"), w + ".units_override").forEach(function (o, n) {
      var wo = w + ".units_override[" + n + "]";
      o = needObj(o, wo);
      f.overrides.push([needStr(get(o, "county"), wo + ".county"), needInt(get(o, "units"), wo + ".units")]);
    });
    f.method = needStr(get(p, "method"), w + ".method");
    f.members = needInt(get(p, "members"), w + ".members");
    f.leaders = needList(get(p, "leaders"), w + ".leaders").map(function (x, n) { return needStr(x, w + ".leaders[" + n + "]"); });
    f.r = needInt(get(p, "alternates"), w + ".alternates");
    needList(get(j, "counties"), where + ".counties").forEach(function (c, n) {
      var wc = where + ".counties[" + n + "]";
      c = needObj(c, wc);
      f.counties.push({ id: needStr(get(c, "id"), wc + ".id"), name: needStr(get(c, "name"), wc + ".name") });
    });
    needList(get(j, "units"), where + ".units").forEach(function (u, n) {
      var wu = where + ".units[" + n + "]";
      u = needObj(u, wu);
      var rec = {};
      ["id", "county", "name", "category"].forEach(function (k) { rec[k] = needStr(get(u, k), wu + "." + k); });
      f.units.push(rec);
    });
    needList(get(j, "inspectors"), where + ".inspectors").forEach(function (i, n) {
      var wi = where + ".inspectors[" + n + "]";
      i = needObj(i, wi);
      var rec = {};
      ["id", "name", "home_county", "valid_until"].forEach(function (k) { rec[k] = needStr(get(i, k), wi + "." + k); });
      ["leader_qualified", "active"].forEach(function (k) { rec[k] = needBool(get(i, k), wi + "." + k); });
      ["specialties", "conflict_counties", "conflict_units"].forEach(function (k) {
        rec[k] = needList(get(i, k), wi + "." + k).map(function (x, q) { return needStr(x, wi + "." + k + "[" + q + "]"); });
      });
      f.inspectors.push(rec);
    });
    f.index();
    f.homeAllowed = needBool(get(j, "home_county_allowed"), where + ".home_county_allowed");
    // SPEC §12: a directed draw (omitted or null: none) and a partner department.
    if (get(j, "directed") !== undefined && get(j, "directed") !== null) {
      var d = needObj(get(j, "directed"), where + ".directed");
      f.directed = {};
      ["kind", "reason", "source"].forEach(function (k) { f.directed[k] = needStr(get(d, k), where + ".directed." + k); });
    }
    f.partner = needStr(get(j, "partner"), where + ".partner");
    return f;
  };

  var FRAME_FIELDS = {
    "shuangsui-frame": 2, matter: 5, date: 2, rule: 2, params: 6, override: 3,
    leader: 2, county: 3, unit: 5, inspector: 10, directed: 4, partner: 2
  };

  /**
   * The frame of its canonical serialisation (SPEC §5, bytes), which must be
   * exactly what canonical() writes for it. This is the one place that reads
   * the frame text of a commit's frame_gzip.
   */
  Frame.fromCanonical = function (text, where) {
    where = where || "frame";
    var f = new Frame();
    var s;
    try {
      s = decodeUTF8(text);
    } catch (e) {
      if (e instanceof TooLarge) throw e; // not a difference: nothing is known against the record
      throw new Mismatch(where, "名录不是 UTF-8 not UTF-8");
    }
    if (!s.endsWith("\n")) throw new Mismatch(where, "名录文本须以换行结束 the frame text must end in a line feed");
    var seen = new Set();
    function num(x, no) {
      if (!/^-?[0-9]+$/.test(x)) throw new Mismatch(where, "名录第 " + no + " 行 line " + no + ": " + pyRepr(x) + " 不是整数 not an integer");
      return Number(x);
    }
    function flag(x, no) {
      if (x !== "0" && x !== "1") throw new Mismatch(where, "名录第 " + no + " 行 line " + no + ": " + pyRepr(x) + " 应为 1 或 0 should be 1 or 0");
      return x === "1";
    }
    function list(x) {
      return x ? x.split(",") : [];
    }
    var lines = s.split("\n");
    lines.pop();
    for (var li = 0; li < lines.length; li++) {
      var no = li + 1;
      var x = lines[li].split("\t");
      var kind = x[0];
      if (!has(FRAME_FIELDS, kind) || FRAME_FIELDS[kind] !== x.length) {
        throw new Mismatch(where, "名录第 " + no + " 行 line " + no + ": 记录类型 " + pyRepr(kind) + " 未知或字段数 " + x.length + " 不对 " +
          "unknown record or wrong number of fields");
      }
      if ((no === 1) !== (kind === "shuangsui-frame") || (no === 1 && x[1] !== "1" && x[1] !== "2" && x[1] !== "3")) {
        throw new Mismatch(where, "名录第 " + no + " 行 line " + no + ": 名录文本应以 shuangsui-frame 1、2 或 3 开头,且仅此一行 " +
          "the frame text starts with shuangsui-frame 1, 2 or 3, once");
      }
      if (kind === "directed" || kind === "partner") {
        if (seen.has(kind)) throw new Mismatch(where, "名录第 " + no + " 行 line " + no + ": " + kind + " 出现两次 appears twice");
        seen.add(kind);
        if (kind === "directed") f.directed = { kind: x[1], reason: x[2], source: x[3] };
        else f.partner = x[1];
      }
      if (kind === "rule") {
        if (x[1] !== "home_county_allowed" || f.homeAllowed) {
          throw new Mismatch(where, "名录第 " + no + " 行 line " + no + ": 规则行只能是一行 home_county_allowed " +
            "a rule line is home_county_allowed, once");
        }
        f.homeAllowed = true;
      }
      if (kind === "matter" || kind === "date" || kind === "params") {
        if (seen.has(kind)) throw new Mismatch(where, "名录第 " + no + " 行 line " + no + ": " + kind + " 出现两次 appears twice");
        seen.add(kind);
      }
      switch (kind) {
        case "unit": f.units.push({ id: x[1], county: x[2], category: x[3], name: x[4] }); break;
        case "matter": f.code = x[1]; f.version = num(x[2], no); f.matterName = x[3]; f.specialty = x[4]; break;
        case "date": f.drawDate = x[1]; break;
        case "params":
          f.k = num(x[1], no); f.m = num(x[2], no); f.method = x[3]; f.members = num(x[4], no); f.r = num(x[5], no);
          break;
        case "override": f.overrides.push([x[1], num(x[2], no)]); break;
        case "leader": f.leaders.push(x[1]); break;
        case "county": f.counties.push({ id: x[1], name: x[2] }); break;
        case "inspector":
          f.inspectors.push({
            id: x[1], name: x[2], home_county: x[3], active: flag(x[4], no), leader_qualified: flag(x[5], no),
            valid_until: x[6], specialties: list(x[7]), conflict_counties: list(x[8]), conflict_units: list(x[9])
          });
          break;
      }
    }
    if (!seen.has("matter") || !seen.has("date") || !seen.has("params")) {
      throw new Mismatch(where, "名录文本缺少 matter、date 或 params 行 the frame text lacks its matter, date or params line");
    }
    f.index();
    var again = utf8(canonical(f));
    if (!bytesEqual(again, text)) {
      var a = canonical(f).split("\n"), c = s.split("\n");
      var k = 0, lim = Math.min(a.length, c.length);
      while (k < lim && a[k] === c[k]) k++;
      var got = k < c.length ? Array.from(c[k]).slice(0, 80).join("") : "";
      throw new Mismatch(where, "名录不是规范格式 the frame text is not canonical: 第 " + (k + 1) + " 行 line " + (k + 1) +
        " 为 is " + pyRepr(got));
    }
    return f;
  };

  Frame.prototype.index = function () {
    var m = new Map();
    this.inspectors.forEach(function (i) { m.set(i.id, i); });
    this.byId = m;
  };

  /** units(c): the ids of the units in county c, in byte order. */
  Frame.prototype.unitsIn = function (county) {
    if (!this.byCounty) {
      var by = new Map();
      this.units.forEach(function (u) {
        if (!by.has(u.county)) by.set(u.county, []);
        by.get(u.county).push(u.id);
      });
      by.forEach(function (ids) { ids.sort(cmpBytes); });
      this.byCounty = by;
    }
    return (this.byCounty.get(county) || []).slice();
  };

  Frame.prototype.mFor = function (county) {
    for (var i = 0; i < this.overrides.length; i++) if (this.overrides[i][0] === county) return this.overrides[i][1];
    return this.m;
  };

  Frame.prototype.eligibleCounties = function () {
    var self = this;
    return this.counties.filter(function (c) { return self.unitsIn(c.id).length > 0; }).map(function (c) { return c.id; });
  };

  /** SPEC §6: does insp serve county given the unit ids (a Set)? */
  Frame.prototype.serves = function (insp, county, unitIds, specialty) {
    if (!insp.active) return false;
    if (insp.valid_until < this.drawDate) return false;
    if (insp.home_county === county && !this.homeAllowed) return false;
    if (insp.conflict_counties.indexOf(county) >= 0) return false;
    for (var i = 0; i < insp.conflict_units.length; i++) if (unitIds.has(insp.conflict_units[i])) return false;
    if (specialty && insp.specialties.indexOf(this.specialty) < 0) return false;
    return true;
  };

  /** The canonical serialisation of SPEC §5 (a string); Mismatch if ambiguous. */
  function canonical(f) {
    function field(v, what) {
      v = String(v);
      if (/[\t\r\n]/.test(v)) throw new Mismatch("frame", what + " 含有制表符或换行 contains TAB, CR or LF: " + pyRepr(v));
      return v;
    }
    function lst(vs, what) {
      vs.forEach(function (v) {
        if (v.indexOf(",") >= 0) throw new Mismatch("frame", what + " 的元素含逗号 element contains a comma: " + pyRepr(v));
      });
      return sortedBytes(vs).map(function (v) { return field(v, what); }).join(",");
    }
    function flag(x) {
      return x ? "1" : "0";
    }
    var v3 = f.directed !== null || f.partner !== "";
    var lines = [["shuangsui-frame", v3 ? "3" : f.homeAllowed ? "2" : "1"],
      ["matter", f.code, f.version, f.matterName, f.specialty],
      ["date", f.drawDate]];
    if (f.homeAllowed) lines.push(["rule", "home_county_allowed"]);
    if (f.directed !== null) lines.push(["directed", f.directed.kind, f.directed.reason, f.directed.source]);
    if (f.partner !== "") lines.push(["partner", f.partner]);
    lines.push(["params", f.k, f.m, f.method, f.members, f.r]);
    f.overrides.slice().sort(function (a, b) { return cmpBytes(a[0], b[0]); }).forEach(function (o) {
      lines.push(["override", o[0], o[1]]);
    });
    f.leaders.forEach(function (l) { lines.push(["leader", l]); });
    f.counties.slice().sort(function (a, b) { return cmpBytes(a.id, b.id); }).forEach(function (c) {
      lines.push(["county", c.id, c.name]);
    });
    f.units.slice().sort(function (a, b) { return cmpBytes(a.id, b.id); }).forEach(function (u) {
      lines.push(["unit", u.id, u.county, u.category, u.name]);
    });
    f.inspectors.slice().sort(function (a, b) { return cmpBytes(a.id, b.id); }).forEach(function (i) {
      lines.push(["inspector", i.id, i.name, i.home_county, flag(i.active), flag(i.leader_qualified), i.valid_until,
        lst(i.specialties, "inspector " + i.id + " specialties"),
        lst(i.conflict_counties, "inspector " + i.id + " conflict_counties"),
        lst(i.conflict_units, "inspector " + i.id + " conflict_units")]);
    });
    return lines.map(function (ln) {
      return ln.map(function (x) { return field(x, ln[0]); }).join("\t") + "\n";
    }).join("");
  }

  /** The longest frame text a verifier decompresses (SPEC §5): 1 GiB. */
  var MAX_FRAME_TEXT = 1073741824;

  /**
   * The canonical frame bytes of a commit's frame_gzip (SPEC §5, §8):
   * canonical standard base64 of exactly one gzip member, nothing after it.
   */
  function decompressFrame(frameGzip, where) {
    where = where || "frame_gzip";
    var raw = b64strict(frameGzip, [where, "不是 base64 not base64"], where);
    // The last four bytes (the gzip trailer's ISIZE) state the length of
    // the text: more than MAX_FRAME_TEXT is refused, and decompression
    // stops as soon as the text runs longer than stated (a gzip bomb).
    var n = raw.length, stated = n >= 4 ? (raw[n - 4] | (raw[n - 3] << 8) | (raw[n - 2] << 16) | (raw[n - 1] << 24)) >>> 0 : 0;
    if (stated > MAX_FRAME_TEXT) {
      throw new Mismatch(where, "声明的名录文本长 " + stated + " 字节,超过上限 " + MAX_FRAME_TEXT + " 字节 " +
        "the frame text it states, " + stated + " bytes, is over the limit of " + MAX_FRAME_TEXT + " bytes");
    }
    var r;
    try {
      r = gunzipMember(raw, stated);
    } catch (e) {
      if (!(e instanceof GzipError)) throw e;
      if (e.kind === "long") {
        throw new Mismatch(where, "解压后超过其声明的 " + stated + " 字节 the frame text runs longer than the " + stated + " bytes it states");
      }
      if (e.kind === "truncated") throw new Mismatch(where, "gzip 数据不完整 the gzip data is cut short");
      throw new Mismatch(where, "不是 gzip 数据 not gzip data: " + e.message);
    }
    if (r.unused) throw new Mismatch(where, "gzip 数据之后还有 " + r.unused + " 字节 bytes after the gzip member");
    return r.out;
  }

  function fingerprint(f) {
    return sha256hex(canonical(f));
  }

  // -------------------------------------------------------------------------
  // §6 The three-stage draw; §7 feasibility

  function stageSeed(S, F, label) {
    return S + "|" + F + "|" + label;
  }

  function checkFrameIds(f) {
    [["counties", f.counties], ["units", f.units], ["inspectors", f.inspectors]].forEach(function (wi) {
      var seen = new Set();
      wi[1].forEach(function (x) {
        if (seen.has(x.id)) throw new Mismatch("frame", wi[0] + " 中编号重复 duplicate id in " + wi[0] + ": " + pyRepr(x.id));
        seen.add(x.id);
      });
    });
    var seen = new Set();
    f.overrides.forEach(function (o) {
      if (seen.has(o[0])) throw new Mismatch("frame", "units_override 重复县 duplicate county: " + pyRepr(o[0]));
      seen.add(o[0]);
    });
    if (f.method !== "simple" && f.method !== "systematic") throw new Mismatch("frame", "未知抽样方法 unknown method: " + pyRepr(f.method));
    checkDirected(f);
  }

  /** SPEC §12: a directed frame names its kind and reason (a list its
   * source) and its parameters take every unit of the frame. */
  function checkDirected(f) {
    if (stripChars(f.partner, WHITE_SPACE) !== f.partner) {
      throw new Mismatch("frame", "联合检查部门首尾有空白 partner has white space around it: " + pyRepr(f.partner));
    }
    var d = f.directed;
    if (d === null) return;
    if (d.kind !== "key" && d.kind !== "dishonest" && d.kind !== "list") {
      throw new Mismatch("frame", "定向检查类型无效 unknown directed kind: " + pyRepr(d.kind));
    }
    if (stripChars(d.reason, WHITE_SPACE) === "") throw new Mismatch("frame", "定向检查须写明理由 a directed draw states its reason");
    if (d.kind === "list" && stripChars(d.source, WHITE_SPACE) === "") {
      throw new Mismatch("frame", "定向检查的名单须写明来源 a directed list states its source");
    }
    if (f.method !== "simple" || f.overrides.length > 0) {
      throw new Mismatch("frame", "定向检查不抽单位:须为 simple 且无按县单位数 a directed draw takes every unit: " +
        "method simple, no units_override");
    }
    var counts = new Map();
    f.units.forEach(function (u) { counts.set(u.county, (counts.get(u.county) || 0) + 1); });
    if (counts.size === 0) throw new Mismatch("frame", "定向检查的名录中没有单位 a directed frame has no units");
    var k = counts.size, m = 0;
    counts.forEach(function (n) { if (n > m) m = n; });
    if (f.k !== k || f.m !== m) {
      throw new Mismatch("frame", "定向检查须检查每一个单位 a directed draw takes every unit: counties 应为 should be " + k +
        " (为 is " + f.k + "), units_per_county 应为 should be " + m + " (为 is " + f.m + ")");
    }
  }

  /** SPEC §7: the shortages [pool, county, have, need]; empty if feasible. */
  function feasibility(f) {
    var short = [];
    var elig = f.eligibleCounties();
    if (elig.length < f.k) short.push(["counties", "", elig.length, f.k]);
    var kp = Math.min(f.k, elig.length);
    var designated = f.leaders.length > 0;
    elig.forEach(function (c) {
      var U = new Set(f.unitsIn(c));
      var L, cands;
      if (designated) {
        L = f.leaders.filter(function (x) { return f.byId.has(x) && f.serves(f.byId.get(x), c, U, false); });
        cands = new Set(f.leaders);
      } else {
        L = f.inspectors.filter(function (i) { return i.leader_qualified && f.serves(i, c, U, true); });
        cands = new Set(f.inspectors.filter(function (i) { return i.leader_qualified; }).map(function (i) { return i.id; }));
      }
      if (L.length < kp) short.push([designated ? "designated_leaders" : "leaders", c, L.length, kp]);
      var M = new Set(f.inspectors.filter(function (i) { return f.serves(i, c, U, true); }).map(function (i) { return i.id; }));
      var both = 0;
      M.forEach(function (id) { if (cands.has(id)) both++; });
      var need = kp * f.members + Math.min(kp, both);
      if (M.size < need) short.push(["members", c, M.size, need]);
    });
    return short;
  }

  function drawCounties(f, S, F) {
    try {
      return sample(f.eligibleCounties(), stageSeed(S, F, "counties"), f.k, f.r);
    } catch (e) {
      if (e instanceof DrawError) throw new Mismatch("counties", e.message);
      throw e;
    }
  }

  function drawUnits(f, S, F, county) {
    var ids = f.unitsIn(county);
    var take = Math.min(f.mFor(county), ids.length);
    var seed = stageSeed(S, F, "units/" + county);
    try {
      if (f.method === "systematic") {
        var r = systematic(ids, seed, take, f.r);
        return { county: county, method: f.method, take: take, start: r.start, picks: r.picks };
      }
      return { county: county, method: f.method, take: take, picks: sample(ids, seed, take, f.r) };
    } catch (e) {
      if (e instanceof DrawError) throw new Mismatch("units/" + county, e.message);
      throw e;
    }
  }

  function drawnSet(ud) {
    return new Set(ud.picks.filter(function (p) { return !p.alternate; }).map(function (p) { return p.id; }));
  }

  /** Stage 3: all leaders first, then the members of each team. */
  function drawTeams(f, S, F, unitDraws) {
    var used = new Set(), teams = [];
    unitDraws.forEach(function (ud) {
      var c = ud.county, D = drawnSet(ud), leader = null;
      if (f.leaders.length) {
        for (var i = 0; i < f.leaders.length; i++) {
          var x = f.leaders[i];
          if (!used.has(x) && f.byId.has(x) && f.serves(f.byId.get(x), c, D, false)) { leader = makePick(1, x); break; }
        }
        if (leader === null) throw new Mismatch("leaders/" + c, "没有可用的指定组长 no designated leader can serve");
      } else {
        var P = f.inspectors.filter(function (i) {
          return i.leader_qualified && !used.has(i.id) && f.serves(i, c, D, true);
        }).map(function (i) { return i.id; });
        try {
          leader = sample(P, stageSeed(S, F, "leaders/" + c), 1, 0)[0];
        } catch (e) {
          if (e instanceof DrawError) throw new Mismatch("leaders/" + c, e.message);
          throw e;
        }
      }
      used.add(leader.id);
      teams.push({ county: c, leader: leader, designated: f.leaders.length > 0, members: [], alternates: [] });
    });
    unitDraws.forEach(function (ud, n) {
      var c = ud.county, D = drawnSet(ud), team = teams[n];
      var P = f.inspectors.filter(function (i) { return !used.has(i.id) && f.serves(i, c, D, true); }).map(function (i) { return i.id; });
      var picks;
      try {
        picks = sample(P, stageSeed(S, F, "inspectors/" + c), f.members, f.r);
      } catch (e) {
        if (e instanceof DrawError) throw new Mismatch("inspectors/" + c, e.message);
        throw e;
      }
      team.members = picks.filter(function (p) { return !p.alternate; });
      team.alternates = picks.filter(function (p) { return p.alternate; });
      team.members.forEach(function (p) { used.add(p.id); });
    });
    return teams;
  }

  // -------------------------------------------------------------------------
  // The members of a record (SPEC §5, §8, §9, §10) and their JSON types.

  var PICK = { rank: "int", id: "str", ticket: "str", position: "int", alternate: "bool" };
  function strs(keys) {
    var o = {};
    keys.forEach(function (k) { o[k] = "str"; });
    return o;
  }
  var SCHEMA = {
    record: {
      format: "str", program: "str", ceremony: "str", info: "info", frame: "frame",
      fingerprint: "str", committed_at: "str", witnesses: ["witness"],
      seed: "str", result: "result", sealed_at: "str",
      verification_code: "str", substitutions: ["substitution"],
      amended_head: "str", head: "str", steps: ["step"]
    },
    step: { seq: "int", kind: "str", at: "str", payload: "str", prev: "str", hash: "str" },
    info: {
      title: "str", organisation: "str", round: "str", place: "str",
      operator: "str", supervisor: "str", matter_basis: "str",
      matter_content: "str", scope: "str", no_repeat_months: "int",
      min_digits: "int", exclusions: ["exclusion"]
    },
    exclusion: { county: "str", reason: "str", count: "int" },
    frame: {
      matter: "matter", draw_date: "str", params: "params",
      counties: ["county"], units: ["unit"], inspectors: ["inspector"],
      home_county_allowed: "bool", directed: "directed", partner: "str"
    },
    directed: { kind: "str", reason: "str", source: "str" },
    matter: { code: "str", version: "int", name: "str", specialty: "str" },
    params: {
      counties: "int", units_per_county: "int", units_override: ["override"],
      method: "str", members: "int", leaders: ["str"], alternates: "int"
    },
    override: { county: "str", units: "int" },
    county: { id: "str", name: "str" },
    unit: { id: "str", county: "str", name: "str", category: "str" },
    inspector: {
      id: "str", name: "str", home_county: "str", specialties: ["str"],
      leader_qualified: "bool", active: "bool", valid_until: "str",
      conflict_counties: ["str"], conflict_units: ["str"]
    },
    witness: { name: "str", role: "str", digits: "str" },
    witness_remove: { index: "int", name: "str", reason: "str" },
    result: { counties: ["pick"], units: ["unit_draw"], teams: ["team"] },
    pick: PICK,
    unit_draw: { county: "str", method: "str", take: "int", start: "str", picks: ["pick"] },
    team: { county: "str", leader: "pick", designated: "bool", members: ["pick"], alternates: ["pick"] },
    substitution: { kind: "str", county: "str", out: "str", in: "str", ticket: "str", reason: "str", operator: "str" },
    commit: { info: "info", frame: "frame", fingerprint: "str", frame_gzip: "str" },
    seed_payload: { seed: "str" },
    seal: { sealed: "bool" },
    entry: { subject: "str", unit: "str", corrects: "int", reason: "str", operator: "str", data: "any_object" },
    result_data: { county: "str", matter: "str", start: "str", end: "str", team: ["str"], codes: ["str"], notes: "str" },
    publication_data: { date: "str" },
    penalty_data: strs(["name", "uscc", "legal_rep", "principal", "decision_no", "violation_type", "facts",
      "basis", "category", "content", "fine_wan", "decision_date", "public_until", "authority", "authority_uscc", "source"]),
    transfer_data: { kind: "str", to: "str", reason: "str", status: "str", date: "str" },
    transfer_status_data: { status: "str", date: "str", note: "str" },
    dishonest_data: { from: "str", to: "str" },
    penalty_publication_data: { date: "str" }
  };
  var ENTRY_KINDS = ["result", "publication", "penalty", "transfer", "transfer_status", "dishonest", "penalty_publication"];
  var TRANSFER_STATUSES = ["待移送", "已移送", "已受理", "已办结"];
  // Unicode White_Space (SPEC §10): what may not lead or trail an entry's text.
  var WHITE_SPACE = "\t\n\v\f\r \x85\xa0\u1680\u2028\u2029\u202f\u205f\u3000\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a";
  // What Python's str.strip() removes (str.isspace), for the witness-remove reason.
  var PY_SPACE = WHITE_SPACE + "\x1c\x1d\x1e\x1f";
  var TYPE_NAMES = { str: ["字符串", "a string"], int: ["整数", "an integer"], bool: ["真假值", "a boolean"] };

  function stripChars(s, chars) {
    var a = 0, b = s.length;
    while (a < b && chars.indexOf(s[a]) >= 0) a++;
    while (b > a && chars.indexOf(s[b - 1]) >= 0) b--;
    return s.slice(a, b);
  }

  /** Mismatch at the first member of v not in SCHEMA or not of its type (null is allowed). */
  function checkSchema(v, typ, where) {
    if (v === null || v === undefined) return;
    if (Array.isArray(typ)) {
      if (!Array.isArray(v)) throw new Mismatch(where, "应为列表 should be a list: " + short(v));
      v.forEach(function (x, n) { checkSchema(x, typ[0], where + "[" + n + "]"); });
    } else if (typ === "any_object") {
      if (!isObj(v)) throw new Mismatch(where, "应为对象 should be an object: " + short(v));
    } else if (has(SCHEMA, typ)) {
      if (!isObj(v)) throw new Mismatch(where, "应为对象 should be an object: " + short(v));
      var members = SCHEMA[typ];
      Object.keys(v).forEach(function (k) {
        if (!has(members, k)) throw new Mismatch(where + "." + k, "未知字段 unknown member: " + short(v[k]));
        checkSchema(v[k], members[k], where + "." + k);
      });
    } else {
      var ok = typ === "str" ? typeof v === "string" : typ === "int" ? typeof v === "number" : typeof v === "boolean";
      if (!ok) throw new Mismatch(where, "应为" + TYPE_NAMES[typ][0] + " should be " + TYPE_NAMES[typ][1] + ": " + short(v));
    }
  }

  // -------------------------------------------------------------------------
  // Comparing values (SPEC §8): omitted, null and empty are one value.

  function isEmpty(x) {
    return x === null || x === undefined || x === "" || x === false || x === 0 ||
      (Array.isArray(x) && x.length === 0) || (isObj(x) && Object.keys(x).length === 0);
  }

  function norm(v) {
    if (isObj(v)) {
      var out = {};
      Object.keys(v).forEach(function (k) {
        var x = norm(v[k]);
        if (!isEmpty(x)) out[k] = x;
      });
      return out;
    }
    if (Array.isArray(v)) return v.map(norm);
    return v;
  }

  function sameScalar(a, b) {
    if (a instanceof JFloat || b instanceof JFloat) return false;
    return typeof a === typeof b && a === b;
  }

  /** [path, description] of the first difference of two normalised values, or null. */
  function firstDiff(got, want, path) {
    if (isObj(got) && isObj(want)) {
      var keys = Object.keys(want).concat(Object.keys(got).filter(function (k) { return !has(want, k); }));
      for (var i = 0; i < keys.length; i++) {
        var d = firstDiff(has(got, keys[i]) ? got[keys[i]] : null, has(want, keys[i]) ? want[keys[i]] : null, path + "." + keys[i]);
        if (d) return d;
      }
      return null;
    }
    if (Array.isArray(got) && Array.isArray(want)) {
      for (var n = 0; n < Math.max(got.length, want.length); n++) {
        if (n >= got.length) return [path, "缺少第 " + (n + 1) + " 项 item " + n + " missing; 应为 expected " + short(want[n])];
        if (n >= want.length) return [path, "多出第 " + (n + 1) + " 项 extra item " + n + ": " + short(got[n])];
        var e = firstDiff(got[n], want[n], path + "[" + n + "]");
        if (e) return e;
      }
      return null;
    }
    if ((got === null || got === undefined) && (want === null || want === undefined)) return null;
    if (sameScalar(got, want)) return null;
    return [path, "记录为 recorded " + short(got) + ",重算为 recomputed " + short(want)];
  }

  function expectEqual(got, want, where, typ) {
    checkSchema(got, typ, where);
    var d = firstDiff(norm({ v: got }).v, norm({ v: want }).v, where);
    if (d) throw new Mismatch(d[0], d[1]);
  }

  // -------------------------------------------------------------------------
  // §8 The chain; §11 step times

  var GENESIS = "0000000000000000000000000000000000000000000000000000000000000000";
  var RFC3339 = /^([0-9]{4})-([0-9]{2})-([0-9]{2})T([0-9]{2}):([0-9]{2}):([0-9]{2})(Z|([+-])([0-9]{2}):([0-9]{2}))$/;

  function stepHash(prev, seq, kind, at, payload) {
    return sha256hex(concatBytes([utf8(prev + "\n" + seq + "\n" + kind + "\n" + at + "\n"), payload]));
  }

  function daysInMonth(y, m) {
    return [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  }

  /** Days from 1970-01-01 to a civil date (proleptic Gregorian). */
  function daysFromCivil(y, m, d) {
    y -= m <= 2 ? 1 : 0;
    var era = Math.floor(y / 400), yoe = y - era * 400;
    var doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
    var doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
    return era * 146097 + doe - 719468;
  }

  /** The instant (seconds) of an RFC 3339 step time, or null (SPEC §11). */
  function stepInstant(at) {
    if (typeof at !== "string") return null;
    var m = RFC3339.exec(at);
    if (!m) return null;
    var y = +m[1], mo = +m[2], d = +m[3], h = +m[4], mi = +m[5], s = +m[6];
    if (y < 1 || mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) return null;
    var off = 0;
    if (m[7] !== "Z") {
      var oh = +m[9], om = +m[10];
      if (oh > 23 || om > 59) return null;
      off = (oh * 60 + om) * 60 * (m[8] === "-" ? -1 : 1);
    }
    return daysFromCivil(y, mo, d) * 86400 + h * 3600 + mi * 60 + s - off;
  }

  function isDate(s) {
    if (typeof s !== "string" || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(s)) return false;
    var y = +s.slice(0, 4), m = +s.slice(5, 7), d = +s.slice(8);
    return y >= 1 && m >= 1 && m <= 12 && d >= 1 && d <= daysInMonth(y, m);
  }

  /** The decoded steps: {n, kind, at, payload (bytes), hash, t}. */
  function checkChain(steps) {
    var out = [], prev = GENESIS;
    steps.forEach(function (s, i) {
      var n = i + 1, where = "steps[" + i + "]";
      s = needObj(s, where);
      var seq = get(s, "seq");
      if (seq !== n) throw new Mismatch("第 " + n + " 步 step " + n, "序号应为 " + n + " seq should be " + n + ", is " + pyRepr(seq));
      var kind = needStr(get(s, "kind"), where + ".kind");
      var at = needStr(get(s, "at"), where + ".at");
      var raw = needStr(get(s, "payload"), where + ".payload");
      var payload = b64strict(raw, ["第 " + n + " 步 (" + kind + ")", "payload 不是 base64 not base64"], where + ".payload");
      var t = stepInstant(at);
      if (t === null) throw new Mismatch(where + ".at", "时间 " + pyRepr(at) + " 不是 RFC 3339 格式 not an RFC 3339 time");
      if (out.length && t < out[out.length - 1].t) {
        throw new Mismatch(where + ".at", "时间 " + at + " 早于上一步的 " + out[out.length - 1].at + " earlier than the step before");
      }
      if (get(s, "prev") !== prev) throw new Mismatch("第 " + n + " 步 (" + kind + ")", "prev 与上一步的哈希不符 does not link to the previous hash");
      var h = stepHash(prev, n, kind, at, payload);
      if (get(s, "hash") !== h) {
        throw new Mismatch("第 " + n + " 步 (" + kind + ")", "哈希不符 hash mismatch: 记录 recorded " + pyStr(get(s, "hash")) + ", 重算 recomputed " + h);
      }
      out.push({ n: n, kind: kind, at: at, payload: payload, hash: h, t: t });
      prev = h;
    });
    return out;
  }

  /** str(v) in Python (for f-strings without !r). */
  function pyStr(v) {
    return typeof v === "string" ? v : pyRepr(v);
  }

  /** SPEC §8: the payload text is exactly what goJSON writes for want. */
  function exact(payloadText, want, where) {
    if (payloadText !== goJSON(want)) {
      throw new Mismatch(where, "内容的写法与规范不同(值相同,字节不同) payload bytes differ from the one way SPEC §8 gives");
    }
  }

  // -------------------------------------------------------------------------
  // §10 Entries after the seal

  function Ledger(f, subs) {
    this.f = f;
    this.subs = subs;
    this.current = new Map(); // kind + "\0" + subject -> {n, v, data}
    this.status = new Map(); // transfer id -> [status, date]
  }

  function key(kind, subject) {
    return kind + "\u0000" + subject;
  }

  Ledger.prototype.canonical = function (kind, v, where, payloadText) {
    function build(val, typ) {
      if (Array.isArray(typ)) {
        if (!Array.isArray(val)) throw new Mismatch(where, "列表须写作 [...] a list is written [...]");
        return val.map(function (x) { return build(x, typ[0]); });
      }
      if (typ === "any_object") return build(val, kind + "_data");
      if (has(SCHEMA, typ)) {
        if (!isObj(val)) throw new Mismatch(where, "应为对象 should be an object");
        var o = {};
        Object.keys(SCHEMA[typ]).forEach(function (k) { o[k] = build(get(val, k), SCHEMA[typ][k]); });
        return o;
      }
      if (val === null || val === undefined) throw new Mismatch(where, "成员缺失或为 null missing or null member");
      return val;
    }
    if (!has(SCHEMA, kind + "_data")) throw new Mismatch(where, "步骤类型 " + pyRepr(kind) + " 未知 unknown kind");
    if (goJSON(build(v, "entry")) !== payloadText) {
      throw new Mismatch(where, "内容不是规范写法(成员齐全、按规定顺序、无空格,见 SPEC §10) " +
        "payload not written the one way SPEC §10 gives");
    }
  };

  Ledger.prototype.text = function (v, what, where, required) {
    v = needStr(v, where);
    if (required && stripChars(v, WHITE_SPACE) === "") throw new Mismatch(where, what + "为空 is empty");
    if (v && (WHITE_SPACE.indexOf(v[0]) >= 0 || WHITE_SPACE.indexOf(v[v.length - 1]) >= 0 || /[\t\r\n]/.test(v))) {
      throw new Mismatch(where, what + " " + pyRepr(v) + " 前后有空白或含有制表符、换行 has surrounding white space or a TAB/CR/LF");
    }
    return v;
  };

  Ledger.prototype.result = function (unit, where) {
    var r = this.current.get(key("result", unit));
    if (!r) throw new Mismatch(where, "单位 " + unit + " 没有检查结果 has no result");
    return r.data;
  };

  Ledger.prototype.day = function (v, what, where) {
    if (!isDate(v)) throw new Mismatch(where, what + " " + pyRepr(v) + " 不是 YYYY-MM-DD 日期 is not a date");
    return v;
  };

  Ledger.prototype.apply = function (n, kind, v, where, payloadText) {
    var self = this, f = this.f;
    v = needObj(v, where);
    checkSchema(v, "entry", where);
    this.canonical(kind, v, where, payloadText);
    var subject = this.text(get(v, "subject"), "subject", where + " subject", true);
    var unit = this.text(get(v, "unit"), "unit", where + " unit", false);
    var corrects = needInt(get(v, "corrects"), where + " corrects");
    this.text(get(v, "operator"), "操作人 operator", where + " operator", true);
    this.text(get(v, "reason"), "理由 reason", where + " reason", corrects !== 0);
    var data = get(v, "data");
    if (!isObj(data)) throw new Mismatch(where + " data", "data 不是 JSON 对象 is not an object");
    var k = key(kind, subject);
    var cur = this.current.get(k);
    if (kind === "transfer_status" && corrects) throw new Mismatch(where + " corrects", "移送状态变更不是更正 a status change corrects nothing");
    if (!corrects && cur && kind !== "transfer_status") {
      throw new Mismatch(where, kind + " " + subject + " 已有第 " + cur.n + " 步的记录,再次记录须是更正 " +
        "already recorded at step " + cur.n + ": a second entry must correct it");
    }
    if (corrects && !cur) throw new Mismatch(where + " corrects", "更正指向第 " + corrects + " 步,但此前没有 " + kind + " " + subject + " nothing to correct");
    if (corrects && cur.n !== corrects) {
      throw new Mismatch(where + " corrects", "更正指向第 " + corrects + " 步,而当前的记录是第 " + cur.n + " 步 " +
        "the current entry is step " + cur.n);
    }
    checkSchema(data, kind + "_data", where + " data");
    function d(name) {
      return needStr(get(data, name), where + " data." + name);
    }
    if ((kind === "result" || kind === "publication" || kind === "dishonest") && unit !== subject) {
      throw new Mismatch(where + " unit", "unit " + pyRepr(unit) + " 与 subject " + pyRepr(subject) + " 不同 differs from subject");
    }
    var r, date, t;
    if (kind === "result") {
      var c = d("county");
      if ((this.subs.units.get(c) || []).indexOf(unit) < 0) {
        throw new Mismatch(where + " unit", "单位 " + unit + " 不在 " + c + " 当前的检查名单中 is not a current unit of " + c);
      }
      if (d("matter") !== f.code) throw new Mismatch(where + " data.matter", "事项 " + pyRepr(d("matter")) + " 不是本次抽取的事项 is not the matter drawn");
      var team = needList(get(data, "team"), where + " data.team");
      if (!team.length || team.some(function (x) { return typeof x !== "string" || !f.byId.has(x); })) {
        throw new Mismatch(where + " data.team", "检查组须为名录中的执法人员 must be inspectors of the frame: " + short(team));
      }
      var start = this.day(d("start"), "start", where), end = this.day(d("end"), "end", where);
      if (start < f.drawDate || end < start) {
        throw new Mismatch(where, "检查日期 " + start + " 至 " + end + " 早于抽取日期或先后颠倒 dates before the draw or reversed");
      }
      var codes = needList(get(data, "codes"), where + " data.codes");
      if (!codes.length) throw new Mismatch(where + " data.codes", "没有检查结果代码 no result code");
      codes.forEach(function (x) { self.text(x, "检查结果 code", where + " data.codes", true); });
      var pub = this.current.get(key("publication", unit));
      if (pub && end > get(pub.data, "date")) {
        throw new Mismatch(where, "检查结束日期 " + end + " 晚于已登记的公示日期 after the publication date " + pyStr(get(pub.data, "date")));
      }
    } else if (kind === "publication") {
      r = this.result(unit, where);
      date = this.day(d("date"), "公示日期 date", where);
      if (date < get(r, "end")) throw new Mismatch(where, "公示日期 " + date + " 早于检查结束日期 before the end of the inspection " + pyStr(get(r, "end")));
    } else if (kind === "penalty") {
      if (d("decision_no") !== subject) throw new Mismatch(where + " data.decision_no", "决定书文号与 subject 不同 differs from subject " + pyRepr(subject));
      if (unit) this.result(unit, where);
      this.day(d("decision_date"), "处罚决定日期 decision_date", where);
      this.text(d("legal_rep"), "法定代表人 legal_rep", where + " data.legal_rep", false);
      this.text(d("principal"), "主要负责人 principal", where + " data.principal", false);
    } else if (kind === "penalty_publication") {
      var p = this.current.get(key("penalty", subject));
      if (!p) throw new Mismatch(where, "没有决定书文号为 " + subject + " 的行政处罚 no such penalty");
      if (get(p.v, "unit") !== unit) throw new Mismatch(where + " unit", "行政处罚 " + subject + " 的单位是 " + pyRepr(get(p.v, "unit")) + " the penalty's unit differs");
      date = this.day(d("date"), "公示日期 date", where);
      if (date < get(p.data, "decision_date")) {
        throw new Mismatch(where, "公示日期 " + date + " 早于处罚决定日期 before the decision date " + pyStr(get(p.data, "decision_date")));
      }
    } else if (kind === "transfer") {
      this.result(unit, where);
      if (TRANSFER_STATUSES.indexOf(d("status")) < 0) throw new Mismatch(where + " data.status", "移送状态 " + pyRepr(d("status")) + " 无效 is not a status");
      this.day(d("date"), "日期 date", where);
      if (!corrects) this.status.set(subject, [d("status"), d("date")]);
    } else if (kind === "transfer_status") {
      t = this.current.get(key("transfer", subject));
      if (!t) throw new Mismatch(where, "没有移送 " + subject + " no such transfer");
      if (get(t.v, "unit") !== unit) throw new Mismatch(where + " unit", "移送 " + subject + " 的单位是 " + pyStr(get(t.v, "unit")) + " the transfer's unit differs");
      var st = this.status.get(subject);
      var ns = d("status");
      if (TRANSFER_STATUSES.indexOf(ns) < 0 || TRANSFER_STATUSES.indexOf(ns) <= TRANSFER_STATUSES.indexOf(st[0])) {
        throw new Mismatch(where + " data.status", "移送 " + subject + " 已是“" + st[0] + "”,不能改为“" + ns + "”(状态只能向前) only forward");
      }
      date = this.day(d("date"), "日期 date", where);
      if (date < st[1]) throw new Mismatch(where + " data.date", "日期 " + date + " 早于上一状态的日期 before the last status " + st[1]);
      this.status.set(subject, [ns, date]);
    } else if (kind === "dishonest") {
      r = this.result(unit, where);
      var frm = this.day(d("from"), "from", where);
      var to = d("to");
      if (to) this.day(to, "to", where);
      if (frm < get(r, "end") || (to && to < frm)) {
        throw new Mismatch(where, "严重失信期间 " + frm + " 至 " + to + " 早于检查结束日期或先后颠倒 before the inspection or reversed");
      }
    }
    if (kind !== "transfer_status") this.current.set(k, { n: n, v: v, data: data });
  };

  // -------------------------------------------------------------------------
  // §9 Substitutions: the current units and teams, and who was substituted out

  function Substitutions(f, S, F, units, teams) {
    this.f = f; this.S = S; this.F = F;
    this.units = new Map();
    var self = this;
    units.forEach(function (u) {
      self.units.set(u.county, u.picks.filter(function (p) { return !p.alternate; }).map(function (p) { return p.id; }));
    });
    this.teams = new Map();
    teams.forEach(function (t) {
      self.teams.set(t.county, { leader: t.leader.id, members: t.members.map(function (p) { return p.id; }) });
    });
    this.outUnits = new Set();
    this.outInspectors = new Set();
  }

  Substitutions.prototype.inTeam = function () {
    var ids = new Set();
    this.teams.forEach(function (t) {
      ids.add(t.leader);
      t.members.forEach(function (m) { ids.add(m); });
    });
    return ids;
  };

  /** [id, ticket] with the smallest ticket under seed(label), or [null, ""]. */
  Substitutions.prototype.first = function (ids, label) {
    if (!ids.length) return [null, ""];
    var o = ordered(ids, stageSeed(this.S, this.F, label))[0];
    return [o[1], o[0]];
  };

  /** Recomputes in and ticket of the substitute payload v, applies it, returns the payload as it should read. */
  Substitutions.prototype.apply = function (v, where) {
    var f = this.f, self = this;
    var kind = get(v, "kind"), c = get(v, "county"), out = get(v, "out");
    if (!this.units.has(c)) throw new Mismatch(where + " county", pyRepr(c) + " 不是抽中的县 is not a drawn county");
    var r;
    if (kind === "unit") {
      var cur = this.units.get(c);
      if (cur.indexOf(out) < 0) throw new Mismatch(where + " out", pyRepr(out) + " 不是该县当前的检查单位 is not a current unit of " + pyStr(c));
      var pool = f.unitsIn(c).filter(function (u) { return cur.indexOf(u) < 0 && !self.outUnits.has(u); });
      r = this.first(pool, "units/" + c);
      if (r[0] === null) throw new Mismatch(where, pyStr(c) + " 已无可替补的单位 no unit left to substitute");
      cur[cur.indexOf(out)] = r[0];
      this.outUnits.add(out);
    } else if (kind === "inspector") {
      var team = this.teams.get(c);
      var U = new Set(this.units.get(c));
      var busy = this.inTeam();
      var free = f.inspectors.filter(function (i) { return !busy.has(i.id) && !self.outInspectors.has(i.id); });
      if (out === team.leader) {
        if (f.leaders.length) {
          r = [null, ""];
          for (var i = 0; i < f.leaders.length; i++) {
            var x = f.leaders[i];
            if (f.byId.has(x) && !busy.has(x) && !this.outInspectors.has(x) && f.serves(f.byId.get(x), c, U, false)) { r = [x, ""]; break; }
          }
        } else {
          r = this.first(free.filter(function (i) { return i.leader_qualified && f.serves(i, c, U, true); })
            .map(function (i) { return i.id; }), "leaders/" + c);
        }
        if (r[0] === null) throw new Mismatch(where, pyStr(c) + " 已无可替补的组长 no leader left to substitute");
        team.leader = r[0];
      } else if (team.members.indexOf(out) >= 0) {
        r = this.first(free.filter(function (i) { return f.serves(i, c, U, true); }).map(function (i) { return i.id; }), "inspectors/" + c);
        if (r[0] === null) throw new Mismatch(where, pyStr(c) + " 已无可替补的组员 no member left to substitute");
        team.members[team.members.indexOf(out)] = r[0];
      } else {
        throw new Mismatch(where + " out", pyRepr(out) + " 不在 " + pyStr(c) + " 的检查组 is not in the team of " + pyStr(c));
      }
      this.outInspectors.add(out);
    } else {
      throw new Mismatch(where + " kind", "应为 unit 或 inspector, is " + pyRepr(kind));
    }
    var want = {};
    Object.keys(v).forEach(function (k) { want[k] = v[k]; });
    want["in"] = r[0];
    want.ticket = r[1];
    return want;
  };

  // -------------------------------------------------------------------------
  // Replaying the steps

  function replay(steps) {
    var pos = 0, state = {};
    function peek() {
      return pos < steps.length ? steps[pos].kind : null;
    }
    function take(kind) {
      if (pos >= steps.length) throw new Mismatch("steps", "缺少 " + kind + " 步 missing the " + kind + " step");
      var s = steps[pos];
      var where = "第 " + s.n + " 步 (" + s.kind + ")";
      if (s.kind !== kind) throw new Mismatch(where, "此处应为 " + kind + " 步 expected a " + kind + " step");
      var text, value;
      try {
        text = decodeUTF8(s.payload);
        value = strictParse(text, where);
      } catch (e) {
        if (e instanceof JSONError) throw new Mismatch(where, "payload 不是 JSON not JSON: " + e.message);
        throw e;
      }
      pos++;
      return { n: s.n, at: s.at, v: value, h: s.hash, where: where, text: text };
    }

    // commit: the frame as frame_gzip (canonical, gzip, base64), or as JSON in older commits
    var st = take("commit"), where = st.where;
    var v = needObj(st.v, where);
    checkSchema(v, "commit", where);
    var compressed = !!get(v, "frame_gzip");
    if (compressed === (get(v, "frame") !== null)) {
      throw new Mismatch(where, "名录须以 frame_gzip 或 frame 之一给出 the frame must be given once, as frame_gzip or frame");
    }
    var f, F;
    try {
      if (compressed) {
        var text = decompressFrame(get(v, "frame_gzip"));
        f = Frame.fromCanonical(text);
        F = sha256hex(text);
      } else {
        f = Frame.fromJSON(get(v, "frame"), "frame");
        F = fingerprint(f);
      }
      checkFrameIds(f);
    } catch (e) {
      if (e instanceof Mismatch) throw new Mismatch(where, e.where + ": " + e.what);
      throw e;
    }
    if (get(v, "fingerprint") !== F) {
      throw new Mismatch(where + " fingerprint", "记录为 recorded " + pyStr(get(v, "fingerprint")) + ",由框架重算为 recomputed " + F);
    }
    var shortage = feasibility(f);
    if (shortage.length) {
      var s0 = shortage[0];
      throw new Mismatch(where, "框架不可行 frame infeasible: " + s0[0] + " " + s0[1] + " 有 have " + s0[2] + ",需要 need " + s0[3]);
    }
    var info = needObj(get(v, "info"), where + " info");
    state.info = get(v, "info");
    state.frame = get(v, "frame");
    state.fingerprint = F;
    state.committed_at = st.at;
    state.F = f;
    state.frame_gzip = compressed;

    // witnesses, and witnesses taken off the list before the seed
    var witnesses = [];
    while (peek() === "witness" || peek() === "witness-remove") {
      if (peek() === "witness-remove") {
        st = take("witness-remove");
        v = needObj(st.v, st.where);
        checkSchema(v, "witness_remove", st.where);
        var idx = get(v, "index");
        if (typeof idx !== "number" || !(1 <= idx && idx <= witnesses.length)) {
          throw new Mismatch(st.where + " index", "没有第 " + pyStr(idx) + " 名见证人 no witness number " + pyStr(idx) + " of " + witnesses.length);
        }
        if (get(v, "name") !== get(witnesses[idx - 1], "name")) {
          throw new Mismatch(st.where + " name", "第 " + idx + " 名见证人是 witness " + idx + " is " + pyRepr(get(witnesses[idx - 1], "name")) +
            ",不是 not " + pyRepr(get(v, "name")));
        }
        var reason = get(v, "reason");
        if (typeof reason !== "string" || !stripChars(reason, PY_SPACE)) {
          throw new Mismatch(st.where + " reason", "移除见证人没有理由 a witness removed without a reason");
        }
        witnesses.splice(idx - 1, 1);
        continue;
      }
      st = take("witness");
      var w = needObj(st.v, st.where);
      checkSchema(w, "witness", st.where);
      var dg = get(w, "digits");
      if (typeof dg !== "string" || !/^[0-9]+$/.test(dg)) {
        throw new Mismatch(st.where, "见证人数字须为非空的 0–9 digits must be non-empty ASCII 0-9: " + pyRepr(dg));
      }
      witnesses.push(w);
    }
    state.witnesses = witnesses;

    // seed
    st = take("seed");
    var S = witnesses.map(function (x) { return x.digits; }).join("-");
    var total = witnesses.reduce(function (a, x) { return a + x.digits.length; }, 0);
    var minDigits = needInt(get(info, "min_digits"), "info.min_digits");
    if (total < minDigits) throw new Mismatch(st.where, "见证数字共 " + total + " 位,少于 min_digits " + minDigits + " too few digits");
    checkSchema(needObj(st.v, st.where), "seed_payload", st.where);
    expectEqual(get(st.v, "seed"), S, st.where + " seed", "str");
    exact(st.text, { seed: S }, st.where);
    state.seed = S;

    // counties
    st = take("counties");
    var counties = drawCounties(f, S, F);
    expectEqual(st.v, counties, st.where, ["pick"]);
    exact(st.text, counties, st.where);

    // units
    var units = [];
    counties.forEach(function (p) {
      if (p.alternate) return;
      var su = take("units");
      var ud = drawUnits(f, S, F, p.id);
      expectEqual(su.v, ud, su.where, "unit_draw");
      exact(su.text, ud, su.where);
      units.push(ud);
    });

    // teams
    st = take("teams");
    var teams = drawTeams(f, S, F, units);
    expectEqual(st.v, teams, st.where, ["team"]);
    exact(st.text, teams.map(function (t) {
      return { county: t.county, leader: t.leader, designated: t.designated, members: t.members, alternates: t.alternates.length ? t.alternates : null };
    }), st.where);
    state.result = { counties: counties, units: units, teams: teams };

    // seal
    st = take("seal");
    checkSchema(st.v, "seal", st.where);
    if (!isObj(st.v) || Object.keys(st.v).length !== 1 || st.v.sealed !== true) {
      throw new Mismatch(st.where, 'payload 应为 {"sealed":true} should be {"sealed":true}: ' + short(st.v));
    }
    exact(st.text, { sealed: true }, st.where);
    state.sealed_at = st.at;
    state.verification_code = st.h;

    // §9 substitutions and §10 entries after the seal
    var subs = new Substitutions(f, S, F, units, teams);
    var ledger = new Ledger(f, subs);
    state.substitutions = [];
    state.amended_head = "";
    state.entries = [];
    state.head = st.h;
    while (peek() === "substitute" || ENTRY_KINDS.indexOf(peek()) >= 0) {
      var kind = peek();
      st = take(kind);
      state.head = st.h;
      if (kind !== "substitute") {
        ledger.apply(st.n, kind, st.v, st.where, st.text);
        state.entries.push([st.n, kind]);
        continue;
      }
      v = needObj(st.v, st.where);
      checkSchema(v, "substitution", st.where);
      if (get(v, "kind") === "unit" && ledger.current.has(key("result", get(v, "out")))) {
        throw new Mismatch(st.where, "单位 " + pyStr(get(v, "out")) + " 已有检查结果,不能替换 has a result, cannot be substituted");
      }
      var want = subs.apply(v, st.where);
      expectEqual(v, want, st.where, "substitution");
      var bytesWant = {};
      Object.keys(SCHEMA.substitution).forEach(function (k) {
        if (k !== "ticket" || want.ticket) bytesWant[k] = has(want, k) ? want[k] : null;
      });
      exact(st.text, bytesWant, st.where);
      state.substitutions.push(v);
      state.amended_head = st.h;
    }
    if (pos !== steps.length) {
      var s = steps[pos];
      throw new Mismatch("第 " + s.n + " 步 step " + s.n + " (" + s.kind + ")",
        "封存之后只能有 substitute 及 §10 的记录步骤 only substitute and §10 entry steps may follow the seal");
    }
    return state;
  }

  /** Verifies a parsed record; throws Mismatch at the first difference; returns the replayed state. */
  function verifyRecord(rec) {
    rec = needObj(rec, "record");
    Object.keys(rec).forEach(function (k) {
      if (!has(SCHEMA.record, k)) throw new Mismatch(k, "未知字段 unknown member: " + short(rec[k]));
    });
    var fmt = get(rec, "format");
    if (fmt !== "shuangsui-record/1" && fmt !== "shuangsui-record/2") {
      throw new Mismatch("format", "应为 shuangsui-record/2 或 /1, is " + pyRepr(fmt));
    }
    checkSchema(get(rec, "ceremony"), "str", "ceremony");
    checkSchema(get(rec, "program"), "str", "program");
    checkSchema(get(rec, "steps"), ["step"], "steps");
    var steps = checkChain(needList(get(rec, "steps"), "steps"));
    var state = replay(steps);
    var types = SCHEMA.record;
    if (fmt === "shuangsui-record/1") {
      if (state.entries.length) {
        var e = state.entries[0];
        throw new Mismatch("第 " + e[0] + " 步 step " + e[0] + " (" + e[1] + ")",
          "版本 1 的记录在封存后只能有替换步骤 a version 1 record has only substitute steps after the seal");
      }
      if (state.frame_gzip) {
        throw new Mismatch("第 1 步 step 1 (commit)",
          "版本 1 的记录中名录以 JSON 给出,不能是 frame_gzip a version 1 record has the frame as JSON, not frame_gzip");
      }
      state.head = "";
    } else if (get(rec, "frame") !== null) {
      throw new Mismatch("frame", "版本 2 的记录没有 frame 成员:名录只在 commit 步骤中 " +
        "a version 2 record has no frame member: the frame is in the commit step");
    }
    expectEqual(get(rec, "info"), state.info, "info", types.info);
    if (fmt === "shuangsui-record/1") expectEqual(get(rec, "frame"), state.frame, "frame", types.frame);
    ["fingerprint", "committed_at", "witnesses", "seed"].forEach(function (k) {
      expectEqual(get(rec, k), state[k], k, types[k]);
    });
    var result = needObj(get(rec, "result"), "result");
    checkSchema(result, "result", "result");
    ["counties", "units", "teams"].forEach(function (k) {
      expectEqual(get(result, k), state.result[k], "result." + k, SCHEMA.result[k]);
    });
    ["sealed_at", "verification_code", "substitutions", "amended_head", "head"].forEach(function (k) {
      expectEqual(get(rec, k), state[k], k, types[k]);
    });
    state.ceremony = get(rec, "ceremony") || "";
    state.format = fmt;
    return state;
  }

  /**
   * Verifies the bytes of a record file. Returns {ok: true, state} or
   * {ok: false, where, what, line}: line is the report's first line, as
   * verify.py prints it.
   */
  function verifyBytes(bytes) {
    try {
      var rec = strictLoads(bytes, "记录 record");
      return { ok: true, state: verifyRecord(rec) };
    } catch (e) {
      if (e instanceof JSONError) {
        return {
          ok: false, where: "记录不是有效的 JSON the record is not valid JSON", what: e.message,
          line: "不通过 FAIL: 记录不是有效的 JSON the record is not valid JSON: " + e.message
        };
      }
      if (e instanceof Mismatch) return { ok: false, where: e.where, what: e.what, line: "不通过 FAIL: " + e.where + ": " + e.what };
      if (e instanceof TooLarge) {
        return { ok: false, unverifiable: true, where: "无法核验 cannot verify", what: e.message, line: "无法核验 CANNOT VERIFY: " + e.message };
      }
      throw e;
    }
  }

  /** A summary of a verified state for display: drawn counties, units and teams with names. */
  function summary(state) {
    var f = state.F, r = state.result;
    var cname = new Map(), uname = new Map();
    f.counties.forEach(function (c) { cname.set(c.id, c.name); });
    f.units.forEach(function (u) { uname.set(u.id, u.name); });
    var iname = function (id) { return f.byId.has(id) ? f.byId.get(id).name : ""; };
    return {
      counties: r.counties.filter(function (p) { return !p.alternate; }).map(function (p) { return { id: p.id, name: cname.get(p.id) || "" }; }),
      units: r.units.map(function (u) {
        return {
          county: u.county, countyName: cname.get(u.county) || "", take: u.take, method: u.method,
          picks: u.picks.filter(function (p) { return !p.alternate; }).map(function (p) { return { id: p.id, name: uname.get(p.id) || "" }; })
        };
      }),
      teams: r.teams.map(function (t) {
        return {
          county: t.county, countyName: cname.get(t.county) || "",
          leader: { id: t.leader.id, name: iname(t.leader.id) },
          members: t.members.map(function (p) { return { id: p.id, name: iname(p.id) }; })
        };
      })
    };
  }

  /** The report verify.py prints for a record that holds (lines). */
  function passLines(state) {
    var r = state.result, names = new Map();
    state.F.counties.forEach(function (c) { names.set(c.id, c.name); });
    var drawn = r.counties.filter(function (p) { return !p.alternate; }).map(function (p) { return p.id; });
    var out = ["通过 PASS: 记录与按 SPEC.md 独立重算的结果逐项一致",
      "  抽取编号 ceremony: " + state.ceremony,
      "  框架指纹 F: " + state.fingerprint,
      "  种子 S: " + state.seed + " (" + state.witnesses.length + " 位见证人 witnesses)",
      "  抽中县区 counties: " + drawn.map(function (c) { return (names.has(c) ? names.get(c) : c) + "(" + c + ")"; }).join("、"),
      "  抽中单位 units: " + r.units.reduce(function (a, u) { return a + u.take; }, 0) + " 家; 检查组 teams: " + r.teams.length + " 个",
      "  校验码 verification code: " + state.verification_code];
    var d = state.F.directed, extra = [];
    if (d !== null) {
      var kinds = { key: "重点单位", dishonest: "严重失信单位", list: "指定名单" };
      extra.push("  定向检查 directed (" + d.kind + "): " + (has(kinds, d.kind) ? kinds[d.kind] : d.kind) + ", " + d.reason +
        (d.source ? "; 来源 source: " + d.source : ""));
    }
    if (state.F.partner) extra.push("  联合检查部门 joint with: " + state.F.partner);
    out.splice.apply(out, [3, 0].concat(extra));
    if (state.substitutions.length) {
      out.push("  封存后替补 substitutions: " + state.substitutions.length + " 次; 修订后校验码 amended head: " + state.amended_head);
    }
    if (state.entries.length) out.push("  封存后登记 entries after the seal: " + state.entries.length + " 条");
    if (state.head) out.push("  当前校验码 current head: " + state.head);
    return out;
  }

  // -------------------------------------------------------------------------
  // Self-test: the vectors of SPEC §1–2, the example of §5, and gzip

  function selftest(print) {
    var ok = true;
    function check(name, got, want) {
      var good = JSON.stringify(got) === JSON.stringify(want);
      ok = ok && good;
      print((good ? "ok   " : "FAIL ") + name + (good ? "" : "\n     got  " + JSON.stringify(got) + "\n     want " + JSON.stringify(want)));
    }
    function refused(name, fn) {
      try {
        fn();
        check(name + " refused", false, true);
      } catch (e) {
        if (!(e instanceof Mismatch) && !(e instanceof DrawError)) throw e;
        check(name + " refused", true, true);
      }
    }
    check("SHA-256 of the empty string", sha256hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    check("SHA-256 of 1 000 000 × a", sha256hex("a".repeat(1000000)), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    check("SHA-256 hex of 01382438112797316654", seedHash("01382438112797316654"),
      "a9c6a8879a42dc078b0393ba293718410cde1dd546180fe1fb41caab3b7c7ca0");
    [["01382438112797316654", "AB-130", "0.26299714122838008416507544297546663599715395525154425586041245287750224561854"],
      ["314159", "cd-1", "0.31768581747785156587475078210879339049271166286670250438649595728459169965731"],
      ["314159", "ef-3", "0.83298451953367065007352543092091514744623563372783686435813672834327753149391"],
      ["314159", "ab-1", "0.90980392695231990029929829006329474381949578102131434318841212552595405683451"],
      ["314159", "ab-2", "0.92315490438118380444601279583613827160113032867447843891859449897094255712289"]
    ].forEach(function (v) { check("ticket(" + v[0] + ", " + v[1] + ")", ticket(v[0], v[1]), v[2]); });
    var picks = sample(["ab-1", "ab-2", "cd-1", "ef-3"], "314159", 2, 2);
    check("Sample([ab-1 ab-2 cd-1 ef-3], 314159, 2, 2)",
      picks.map(function (p) { return [p.rank, p.id, !!p.alternate]; }),
      [[1, "cd-1", false], [2, "ef-3", false], [3, "ab-1", true], [4, "ab-2", true]]);
    refused("duplicate id", function () { sample(["a", "a"], "1", 1, 0); });
    refused("take > N", function () { sample(["a"], "1", 2, 0); });
    var sp = systematic(["c", "a", "b"], "x", 3, 0).picks;
    check("Systematic n = N draws everything in byte order", sp.map(function (p) { return [p.id, p.position]; }),
      [["a", 1], ["b", 2], ["c", 3]]);
    check("byte order: U+FF61 before U+1F600", sortedBytes(["\ud83d\ude00", "\uff61", "a"]), ["a", "\uff61", "\ud83d\ude00"]);
    var want = "shuangsui-frame→1\nmatter→M→2→名→综合\ndate→2026-01-02\nparams→1→2→simple→1→0\n" +
      "override→A→3\noverride→B→1\nleader→Z\nleader→Y\ncounty→A→甲\ncounty→B→乙\n" +
      "unit→u1→B→c→一\nunit→u2→A→c→二\n" +
      "inspector→Y→于→A→0→0→2027-01-01→→→\n" +
      "inspector→Z→张→→1→1→2027-01-01→工业,综合→→u1,u2\n";
    want = want.replace(/→/g, "\t");
    var example = strictParse(JSON.stringify({
      matter: { code: "M", version: 2, name: "名", specialty: "综合" },
      draw_date: "2026-01-02",
      params: {
        counties: 1, units_per_county: 2, units_override: [{ county: "B", units: 1 }, { county: "A", units: 3 }],
        method: "simple", members: 1, leaders: ["Z", "Y"], alternates: 0
      },
      counties: [{ id: "B", name: "乙" }, { id: "A", name: "甲" }],
      units: [{ id: "u2", county: "A", name: "二", category: "c" }, { id: "u1", county: "B", name: "一", category: "c" }],
      inspectors: [
        { id: "Z", name: "张", home_county: "", specialties: ["综合", "工业"], leader_qualified: true, active: true,
          valid_until: "2027-01-01", conflict_units: ["u2", "u1"] },
        { id: "Y", name: "于", home_county: "A", specialties: null, leader_qualified: false, active: false, valid_until: "2027-01-01" }
      ]
    }), "example");
    check("canonical frame of the §5 example", canonical(Frame.fromJSON(example)), want);
    var back = Frame.fromCanonical(utf8(want));
    check("F of the §5 example read back", fingerprint(back), "1b11f250a1aa6cbc28f5ac0f7172a39aef0381870297f24be4346a4c56ead751");
    var ex3 = "shuangsui-frame→3\nmatter→M→2→名→综合\ndate→2026-01-02\ndirected→list→年报联合抽查→市场监管局名单.xlsx\npartner→市场监督管理局\nparams→2→1→simple→1→0\nleader→Z\nleader→Y\ncounty→A→甲\ncounty→B→乙\nunit→u1→B→c→一\nunit→u2→A→c→二\ninspector→Y→于→A→0→0→2027-01-01→→→\ninspector→Z→张→→1→1→2027-01-01→工业,综合→→u1,u2\n".replace(/→/g, "\t");
    var back3 = Frame.fromCanonical(utf8(ex3));
    check("F of the §12 example read back", fingerprint(back3), "fa2cc9c1c91a1b5e52a76a616cd731c0f15af57132ec018a863a1be28aae3337");
    checkDirected(back3);
    check("§12 example: directed and partner", back3.directed.kind + " " + back3.partner, "list 市场监督管理局");
    refused("§5 example with no final newline", function () { Frame.fromCanonical(utf8(want.slice(0, -1))); });
    refused("§5 example with a leading zero", function () { Frame.fromCanonical(utf8(want.replace("override\tA\t3", "override\tA\t03"))); });
    refused("§5 example with a list not sorted", function () { Frame.fromCanonical(utf8(want.replace("工业,综合", "综合,工业"))); });
    // The §5 example as gzip -9 writes it (fixed Huffman), and a stored block.
    var stored = storedGzip(utf8(want));
    check("frame_gzip of stored blocks decompressed", decodeUTF8(decompressFrame(b64encode(stored))), want);
    var extra = new Uint8Array(stored.length + 1);
    extra.set(stored);
    refused("bytes after the gzip member", function () { decompressFrame(b64encode(extra)); });
    refused("a gzip member cut short", function () { decompressFrame(b64encode(stored.subarray(0, stored.length - 3))); });
    refused("base64 with padding bits set", function () { decompressFrame("QR=="); });
    var dup = false;
    try { strictParse('{"a":1,"a":2}', "x"); } catch (e) { dup = e instanceof Mismatch; }
    check("a member twice refused", dup, true);
    print("selftest: " + (ok ? "全部通过 all passed" : "有失败 FAILED"));
    return ok;
  }

  /** A gzip member of stored (uncompressed) deflate blocks, for the self-test. */
  function storedGzip(data) {
    var parts = [new Uint8Array([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 255])];
    for (var i = 0; i === 0 || i < data.length; i += 65535) {
      var chunk = data.subarray(i, i + 65535), last = i + 65535 >= data.length ? 1 : 0;
      parts.push(new Uint8Array([last, chunk.length & 255, chunk.length >> 8, ~chunk.length & 255, (~chunk.length >> 8) & 255]));
      parts.push(chunk);
    }
    var crc = crc32(data), n = data.length;
    parts.push(new Uint8Array([crc & 255, (crc >>> 8) & 255, (crc >>> 16) & 255, crc >>> 24,
      n & 255, (n >>> 8) & 255, (n >>> 16) & 255, n >>> 24]));
    return concatBytes(parts);
  }

  var api = {
    Mismatch: Mismatch, sha256hex: sha256hex, ticket: ticket, sample: sample, systematic: systematic,
    canonical: canonical, Frame: Frame, gunzipMember: gunzipMember, b64encode: b64encode,
    verifyBytes: verifyBytes, verifyRecord: verifyRecord, summary: summary, passLines: passLines, selftest: selftest, main: main
  };
  root.ShuangsuiVerify = api;

  // -------------------------------------------------------------------------
  // Command line under node

  function main(argv) {
    var fs = require("fs");
    var out = function (s) { process.stdout.write(s + "\n"); };
    var err = function (s) { process.stderr.write(s + "\n"); };
    var usage = "用法 usage: node verify.js record RECORD.json | ticket SEED ID | gunzip FILE.gz | selftest";
    var cmd = argv[0], args = argv.slice(1);
    if (cmd === "record") {
      if (args.length !== 1) { err("用法 usage: node verify.js record RECORD.json"); return 2; }
      var raw;
      try {
        raw = new Uint8Array(fs.readFileSync(args[0]));
      } catch (e) {
        err("错误 error: 无法读取记录文件 cannot read the record file " + args[0] + ": " + e.message);
        return 2;
      }
      var r = verifyBytes(raw);
      if (r.unverifiable) { err(r.line); return 2; }
      if (!r.ok) { out(r.line); return 1; }
      passLines(r.state).forEach(out);
      return 0;
    }
    if (cmd === "ticket" && args.length === 2) { out(ticket(args[0], args[1])); return 0; }
    if (cmd === "gunzip" && args.length === 1) {
      // For the tests of the inflate code: the SHA-256 of one gzip member's content.
      try {
        var g = gunzipMember(new Uint8Array(fs.readFileSync(args[0])));
        out(sha256hex(g.out) + " " + g.out.length + " " + g.unused);
        return 0;
      } catch (e) {
        err("错误 error: " + e.message);
        return 1;
      }
    }
    if (cmd === "selftest") return selftest(out) ? 0 : 1;
    err(usage);
    return 2;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = api;
    if (typeof require !== "undefined" && require.main === module) process.exitCode = main(process.argv.slice(2));
  }
})(typeof globalThis !== "undefined" ? globalThis : this);
