package io.custos.shared.web;

import java.time.ZoneId;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The company's time zone: pages show and read times in it unless a person chose another.
 *
 * @param zone where the company works ({@code Asia/Shanghai} unless configured)
 */
@ConfigurationProperties("custos.time")
public record TimeProperties(@DefaultValue("Asia/Shanghai") ZoneId zone) {
}
