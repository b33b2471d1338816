plugins {
    id("org.springframework.boot") version "3.3.1"
    id("io.spring.dependency-management") version "1.1.5"
    id("com.google.cloud.tools.jib") version "3.4.3"
    id("org.jlleitschuh.gradle.ktlint") version "12.1.1"
    id("io.gatling.gradle") version "3.11.5"
    kotlin("jvm") version "1.9.24"
    kotlin("plugin.spring") version "1.9.24"
}

group = "com.acme"
version = "3.8.0"

java {
    toolchain {
        languageVersion = JavaLanguageVersion.of(21)
    }
}

repositories {
    mavenCentral()
}

dependencies {
    implementation("org.springframework.boot:spring-boot-starter-web")
    implementation("org.springframework.boot:spring-boot-starter-actuator")
    implementation("org.springframework.boot:spring-boot-starter-data-jdbc")
    implementation("com.fasterxml.jackson.module:jackson-module-kotlin")
    implementation("io.opentelemetry.instrumentation:opentelemetry-spring-boot-starter:2.5.0")
    implementation("io.sentry:sentry-spring-boot-starter-jakarta:7.11.0")
    implementation("io.micrometer:micrometer-registry-prometheus")
    runtimeOnly("org.postgresql:postgresql")
    testImplementation("org.springframework.boot:spring-boot-starter-test")
    testImplementation("org.testcontainers:postgresql:1.19.8")
}

jib {
    from {
        image = "eclipse-temurin:21.0.3_9-jre-jammy"
    }
    to {
        image = "ghcr.io/acme/inventory"
        tags = setOf(version.toString())
    }
    container {
        user = "1000:1000"
        ports = listOf("8080")
    }
}

tasks.withType<Test> {
    useJUnitPlatform()
}
