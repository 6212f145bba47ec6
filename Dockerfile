# Multi-stage build: the JDK stage builds the jar and splits it into Spring Boot layers;
# the runtime stage is a JRE, runs as a non-root user and has a health check.
FROM eclipse-temurin:17-jdk AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B dependency:go-offline
COPY src src
RUN ./mvnw -B -DskipTests package \
    && java -Djarmode=tools -jar target/dropwise-*.jar extract --layers --launcher --destination /extracted

FROM eclipse-temurin:17-jre
RUN groupadd --system dropwise \
    && useradd --system --gid dropwise --home-dir /app --shell /usr/sbin/nologin dropwise \
    && mkdir -p /app/data /app/.javacpp \
    && chown -R dropwise:dropwise /app
WORKDIR /app
# least-changing layers first, so a code change rebuilds only the last one
COPY --from=build /extracted/dependencies/ ./
COPY --from=build /extracted/spring-boot-loader/ ./
COPY --from=build /extracted/snapshot-dependencies/ ./
COPY --from=build /extracted/application/ ./
USER dropwise
VOLUME /app/data
EXPOSE 8080
ENV JAVA_TOOL_OPTIONS="-XX:MaxRAMPercentage=75 -Dorg.bytedeco.javacpp.cachedir=/app/.javacpp"
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080 && printf 'GET /actuator/health/liveness HTTP/1.0\\r\\n\\r\\n' >&3 && grep -q UP <&3"]
ENTRYPOINT ["java", "org.springframework.boot.loader.launch.JarLauncher"]
