package io.dvc.beaconsim;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 on 127.0.0.1 (Netty): JSON requests go to {@link BeaconApi} on two worker threads (so
 * signature checks never block the event loops; one channel's requests are answered in order), SSZ
 * bodies ({@code Content-Type: application/octet-stream}) reach the API as bytes and SSZ responses
 * go out as such; {@code GET /eth/v1/events} opens a server-sent event stream registered with the
 * {@link EventHub}.
 */
final class BeaconHttpServer implements AutoCloseable {
  private static final int MAX_BODY = 64 * 1024 * 1024;
  private static final Set<String> BULK_PATHS = Set.of("/eth/v1/validator/register_validator");
  private static final int MAX_INITIAL_LINE = 256 * 1024;

  private final EventLoopGroup boss = new NioEventLoopGroup(1);
  private final EventLoopGroup workers = new NioEventLoopGroup(2);
  private final ExecutorService handlers =
      Executors.newFixedThreadPool(2, daemonThreads("beacon-sim-api"));

  /**
   * Bulk writes that a real beacon node hands on rather than does in line (builder registrations go
   * to the builder through MEV-Boost) run on their own thread, so that checking thousands of
   * registration signatures never holds the duty requests (attestation data, blocks) behind it.
   */
  private final ExecutorService bulk =
      Executors.newSingleThreadExecutor(daemonThreads("beacon-sim-bulk"));

  private static java.util.concurrent.ThreadFactory daemonThreads(final String name) {
    return r -> {
      final Thread thread = new Thread(r, name);
      thread.setDaemon(true);
      return thread;
    };
  }

  private final ChannelGroup channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
  private final Channel serverChannel;

  BeaconHttpServer(final int port, final BeaconApi api, final EventHub events) {
    this(port, api, events, null);
  }

  /**
   * @param clientVersion what {@code /eth/v1/node/version} answers on this port; null = the API's
   */
  BeaconHttpServer(
      final int port, final BeaconApi api, final EventHub events, final String clientVersion) {
    final ServerBootstrap bootstrap =
        new ServerBootstrap()
            .group(boss, workers)
            .channel(NioServerSocketChannel.class)
            .childHandler(
                new ChannelInitializer<SocketChannel>() {
                  @Override
                  protected void initChannel(final SocketChannel ch) {
                    channels.add(ch);
                    ch.pipeline()
                        .addLast(new HttpServerCodec(MAX_INITIAL_LINE, 16 * 1024, 64 * 1024))
                        .addLast(new HttpObjectAggregator(MAX_BODY))
                        .addLast(new Handler(api, events, handlers, bulk, clientVersion));
                  }
                });
    try {
      serverChannel =
          bootstrap
              .bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
              .sync()
              .channel();
    } catch (final InterruptedException e) {
      Thread.currentThread().interrupt();
      close();
      throw new IllegalStateException("interrupted while binding port " + port, e);
    } catch (final RuntimeException e) {
      close();
      throw new IllegalStateException(
          "cannot listen on 127.0.0.1:" + port + ": " + e.getMessage(), e);
    }
  }

  int port() {
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  @Override
  public void close() {
    if (serverChannel != null) {
      serverChannel.close().awaitUninterruptibly();
    }
    channels.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
    boss.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    // workers first: closing their channels still runs handler callbacks
    workers.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    handlers.shutdownNow();
    bulk.shutdownNow();
  }

  private static final class Handler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private final BeaconApi api;
    private final EventHub events;
    private final Executor executor;
    private final Executor bulk;
    private final String clientVersion;

    /** The last request of this channel in work: requests are answered in order. */
    private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);

    Handler(
        final BeaconApi api,
        final EventHub events,
        final Executor executor,
        final Executor bulk,
        final String clientVersion) {
      this.api = api;
      this.events = events;
      this.executor = executor;
      this.bulk = bulk;
      this.clientVersion = clientVersion;
    }

    static boolean isBulk(final ApiRequest request) {
      return "POST".equals(request.method()) && BULK_PATHS.contains(request.path());
    }

    private ApiResponse handle(final ApiRequest request) {
      if (clientVersion != null
          && "/eth/v1/node/version".equals(request.path())
          && "GET".equals(request.method())) {
        return BeaconApi.versionResponse(clientVersion);
      }
      return api.handle(request);
    }

    @Override
    protected void channelRead0(final ChannelHandlerContext ctx, final FullHttpRequest request) {
      final QueryStringDecoder uri = new QueryStringDecoder(request.uri());
      final boolean keepAlive = HttpUtil.isKeepAlive(request);
      if (!request.decoderResult().isSuccess()) {
        write(ctx, ApiResponse.error(400, "malformed HTTP request"), false);
        return;
      }
      if ("/eth/v1/events".equals(uri.path()) && "GET".equals(request.method().name())) {
        openStream(ctx, uri.parameters().getOrDefault("topics", List.of()), keepAlive);
        return;
      }
      final Map<String, String> headers = new HashMap<>();
      request
          .headers()
          .forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT), h.getValue()));
      final String contentType = headers.getOrDefault("content-type", "");
      final boolean ssz = contentType.toLowerCase(Locale.ROOT).startsWith(ApiRequest.OCTET_STREAM);
      final byte[] binary;
      if (ssz) {
        binary = new byte[request.content().readableBytes()];
        request.content().getBytes(request.content().readerIndex(), binary);
      } else {
        binary = null;
      }
      final ApiRequest apiRequest =
          new ApiRequest(
              request.method().name(),
              uri.path(),
              uri.parameters(),
              headers,
              ssz ? "" : request.content().toString(StandardCharsets.UTF_8),
              binary);
      tail =
          tail.thenApplyAsync(ignored -> handle(apiRequest), isBulk(apiRequest) ? bulk : executor)
              .thenAccept(response -> ctx.executor().execute(() -> write(ctx, response, keepAlive)))
              .exceptionally(
                  e -> {
                    ctx.close();
                    return null;
                  });
    }

    private void openStream(
        final ChannelHandlerContext ctx, final List<String> rawTopics, final boolean keepAlive) {
      final Set<String> topics = new LinkedHashSet<>();
      for (final String value : rawTopics) {
        for (final String topic : value.split(",")) {
          if (!topic.isBlank()) {
            topics.add(topic.trim());
          }
        }
      }
      if (topics.isEmpty()) {
        write(ctx, ApiResponse.error(400, "missing query parameter topics"), keepAlive);
        return;
      }
      for (final String topic : topics) {
        if (!EventHub.KNOWN_TOPICS.contains(topic)) {
          write(ctx, ApiResponse.error(400, "invalid topic: " + topic), keepAlive);
          return;
        }
      }
      final HttpResponse response =
          new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
      response.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream");
      response.headers().set(HttpHeaderNames.CACHE_CONTROL, HttpHeaderValues.NO_CACHE);
      HttpUtil.setTransferEncodingChunked(response, true);
      final Set<String> subscribed = Set.copyOf(topics);
      ctx.writeAndFlush(response)
          .addListener(
              f -> {
                if (f.isSuccess()) {
                  events.add(ctx.channel(), subscribed);
                }
              });
    }

    private static void write(
        final ChannelHandlerContext ctx, final ApiResponse response, final boolean keepAlive) {
      final ByteBuf content;
      if (response.binary() != null) {
        content = Unpooled.wrappedBuffer(response.binary());
      } else if (response.body() != null) {
        content = Unpooled.copiedBuffer(response.body().toString(), StandardCharsets.UTF_8);
      } else {
        content = Unpooled.EMPTY_BUFFER;
      }
      final FullHttpResponse http =
          new DefaultFullHttpResponse(
              HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(response.status()), content);
      if (response.binary() != null) {
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_OCTET_STREAM);
      } else if (response.body() != null) {
        http.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
      }
      response.headers().forEach((name, value) -> http.headers().set(name, value));
      HttpUtil.setContentLength(http, content.readableBytes());
      if (keepAlive) {
        HttpUtil.setKeepAlive(http, true);
        ctx.writeAndFlush(http);
      } else {
        ctx.writeAndFlush(http).addListener(ChannelFutureListener.CLOSE);
      }
    }

    @Override
    public void exceptionCaught(final ChannelHandlerContext ctx, final Throwable cause) {
      ctx.close();
    }
  }
}
